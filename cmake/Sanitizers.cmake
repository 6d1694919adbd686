# -DMONCC_SANITIZE=address,undefined (git's SANITIZE= knob): applies to every target.
if(MONCC_SANITIZE)
  add_compile_options(-fsanitize=${MONCC_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${MONCC_SANITIZE})
  # Checks that release builds skip for speed (emit/yaml_out.h: literal keys are plain).
  add_compile_definitions(MC_EXTRA_CHECKS)
endif()
