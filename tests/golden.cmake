# Golden tests (the IR and every output): one ctest golden/<case> per directory
# tests/golden/<case>/. The case's spec is its monitoring.yaml, or the repository path named in
# its SPEC file (the contract examples under examples/ are referenced, not copied).
# tests/tools/run_golden.py runs `moncc inspect` on it from the source directory, twice, and
# compares standard output with inspect.json (and standard error with inspect.stderr) byte for
# byte; then `moncc build -o TMP`, twice, and compares every written file with
# tests/golden/<case>/out/ (and `build --check` right after must pass); MONCC_BLESS=1 rewrites
# them all.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the golden IR tests (golden/*) are not run")
  return()
endif()

file(GLOB MONCC_GOLDEN_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/*)
foreach(entry IN LISTS MONCC_GOLDEN_CASES)
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(case ${entry} NAME)
  add_test(NAME golden/${case}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_golden.py
            $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR} ${case})
  set_tests_properties(golden/${case} PROPERTIES TIMEOUT 120 LABELS golden)
endforeach()

# `inspect` on a spec with errors prints diagnostics and exits 1; without a SPEC it is a usage
# error (2). The clean path is every golden case above.
set(MONCC_INSPECT_EXIT ${CMAKE_CURRENT_SOURCE_DIR}/tools/expect_exit.cmake)
add_test(NAME golden-cli/inspect-errors
  COMMAND ${CMAKE_COMMAND} -DEXPECT=1 -P ${MONCC_INSPECT_EXIT} --
          $<TARGET_FILE:moncc> inspect tests/diag/008-duplicate-service.yaml --color never
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME golden-cli/inspect-usage
  COMMAND ${CMAKE_COMMAND} -DEXPECT=2 -P ${MONCC_INSPECT_EXIT} -- $<TARGET_FILE:moncc> inspect)
