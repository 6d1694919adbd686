# Pathological inputs: one ctest pathological/<name> per case of tests/tools/gen_pathological.py
# (alias bomb, deep nesting, a 5 MB scalar, 100,000 keys, a 40 MB file). Each writes its input
# into the build tree on first use and runs `moncc check --format json` on it under a 1 GiB
# address-space limit (not with sanitizers: they reserve far more address space than they
# use) and a 60 s TIMEOUT, asserting the exit code and the diagnostic code.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the pathological inputs are not tested")
  return()
endif()

set(MONCC_PATHOLOGICAL_DIR ${CMAKE_CURRENT_BINARY_DIR}/pathological)
set(MONCC_PATHOLOGICAL_CASES alias-bomb deep-flow deep-block-map deep-block-seq big-scalar
  many-keys huge-file)
set(MONCC_PATHOLOGICAL_FLAGS)
if(MONCC_SANITIZE)
  set(MONCC_PATHOLOGICAL_FLAGS --no-limit)
endif()
foreach(name IN LISTS MONCC_PATHOLOGICAL_CASES)
  add_test(NAME pathological/${name}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/gen_pathological.py
            --run $<TARGET_FILE:moncc> ${MONCC_PATHOLOGICAL_DIR} ${name}
            ${MONCC_PATHOLOGICAL_FLAGS})
  set_tests_properties(pathological/${name} PROPERTIES TIMEOUT 60 LABELS pathological)
endforeach()
