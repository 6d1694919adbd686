# The CI integration moncc ships (.pre-commit-hooks.yaml, scripts/moncc-build-check,
# examples/ci/github-actions.yml), run as a user's repository would run it: see
# tests/tools/run_ci_examples.py.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the CI integration test (ci/examples) is not run")
  return()
endif()
add_test(NAME ci/examples
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_ci_examples.py
          $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR})
set_tests_properties(ci/examples PROPERTIES TIMEOUT 300 LABELS ci)
