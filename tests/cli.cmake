# CLI tests: one ctest cli/NAME per test function in tools/cli_test.py, which runs the moncc
# binary with subprocess (exit codes, streams, formats, help, usage errors, stdin, colour).
# The list of names comes from `cli_test.py --list` at configure time; editing the script
# reconfigures.
find_program(MONCC_PYTHON3 NAMES python3)
set(MONCC_CLI_TEST ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_test.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${MONCC_CLI_TEST})
if(NOT MONCC_PYTHON3)
  message(WARNING "python3 not found: the cli/ tests are not registered")
else()
  execute_process(COMMAND ${MONCC_PYTHON3} ${MONCC_CLI_TEST} --list
                  OUTPUT_VARIABLE MONCC_CLI_NAMES RESULT_VARIABLE MONCC_CLI_RC)
  if(NOT MONCC_CLI_RC EQUAL 0)
    message(FATAL_ERROR "tests/tools/cli_test.py --list failed")
  endif()
  string(REGEX REPLACE "\n+$" "" MONCC_CLI_NAMES "${MONCC_CLI_NAMES}")
  string(REPLACE "\n" ";" MONCC_CLI_NAMES "${MONCC_CLI_NAMES}")
  foreach(name IN LISTS MONCC_CLI_NAMES)
    add_test(NAME cli/${name}
             COMMAND ${MONCC_PYTHON3} ${MONCC_CLI_TEST} $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR}
                     ${name})
    set_tests_properties(cli/${name} PROPERTIES TIMEOUT 120)
  endforeach()
endif()
