# The diagnostics corpus: one ctest diag/<case> per tests/diag/NNN-name.yaml and per directory
# case tests/diag/NNN-name/ (its *.yaml files checked in one call). tests/tools/run_diag.py
# runs `moncc check` in the four formats from the source directory, compares with the
# expected files and applies the guard (the `# expect:` lines); MONCC_BLESS=1 in the
# environment rewrites the expected files. Needs python3 with jsonschema (for SARIF).
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the diagnostics corpus (diag/*) is not tested")
  return()
endif()

file(GLOB MONCC_DIAG_ENTRIES CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_CURRENT_SOURCE_DIR}/diag/[0-9][0-9][0-9]-*)
foreach(entry IN LISTS MONCC_DIAG_ENTRIES)
  get_filename_component(leaf ${entry} NAME)
  if(IS_DIRECTORY ${entry})
    set(case ${leaf})
  elseif(leaf MATCHES "^(.*)\\.yaml$")
    set(case ${CMAKE_MATCH_1})
  else()
    continue() # expected outputs and .expect files belong to a case listed on its own
  endif()
  add_test(NAME diag/${case}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_diag.py
            $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR} ${case})
  set_tests_properties(diag/${case} PROPERTIES TIMEOUT 120 LABELS diag)
endforeach()
