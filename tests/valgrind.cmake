# Leak and memory-error checks under valgrind, for builds without sanitizers (the two do not
# mix). valgrind/examples: `moncc check` on both contract examples must exit 0;
# valgrind/corpus: on every tests/diag/*.yaml in one run it must exit 1 or 3, never 99
# (valgrind's exit code for a memory error or a definite or indirect leak).
find_program(MONCC_VALGRIND NAMES valgrind)
if(MONCC_SANITIZE STREQUAL "" AND MONCC_VALGRIND)
  set(MONCC_VALGRIND_CMD ${MONCC_VALGRIND} --quiet --leak-check=full
      --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
  set(MONCC_EXPECT_EXIT ${CMAKE_CURRENT_SOURCE_DIR}/tools/expect_exit.cmake)
  add_test(NAME valgrind/examples
           COMMAND ${CMAKE_COMMAND} -DEXPECT=0 -P ${MONCC_EXPECT_EXIT} --
                   ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> check
                   examples/anythingllm/monitoring.yaml examples/minimal/monitoring.yaml
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(valgrind/examples PROPERTIES TIMEOUT 300)
  file(GLOB MONCC_DIAG_CORPUS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/diag/*.yaml)
  if(MONCC_DIAG_CORPUS)
    add_test(NAME valgrind/corpus
             COMMAND ${CMAKE_COMMAND} -DEXPECT=1,3 -P ${MONCC_EXPECT_EXIT} --
                     ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> check --error-limit 0
                     ${MONCC_DIAG_CORPUS}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(valgrind/corpus PROPERTIES TIMEOUT 600)
  endif()
endif()
