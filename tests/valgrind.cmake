# Leak and memory-error checks under valgrind, for builds without sanitizers (the two do not
# mix). Never exit 99 (valgrind's exit code for a memory error or a definite or indirect leak):
#   valgrind/examples      `moncc check` on both contract examples: exit 0
#   valgrind/corpus        `moncc check` on every tests/diag/*.yaml in one run: exit 1 or 3
#   valgrind/corpus-dirs   the same on every tests/diag/*/monitoring.yaml (the cases with
#                          local templates: composition errors E0320-E0323 and the like)
#   valgrind/infra-build   `moncc build` of infra/monitoring/monitoring.yaml, into a fresh
#                          BIN/valgrind/infra/a/b (its `outputs:` climb `../../`, into
#                          BIN/valgrind/infra): exit 0
#   valgrind/docs          `moncc docs` into a fresh BIN/valgrind/docs: exit 0
#   valgrind/docs-check    `moncc docs docs --check`: exit 0 (docs/ is current, docs/links)
#   valgrind/logs-test     `moncc logs test` of the infra spec on tests/logs/*: exit 0
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
  file(GLOB MONCC_DIAG_DIRS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/diag/*/monitoring.yaml)
  if(MONCC_DIAG_DIRS)
    add_test(NAME valgrind/corpus-dirs
             COMMAND ${CMAKE_COMMAND} -DEXPECT=1,3 -P ${MONCC_EXPECT_EXIT} --
                     ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> check --error-limit 0
                     ${MONCC_DIAG_DIRS}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(valgrind/corpus-dirs PROPERTIES TIMEOUT 600)
  endif()
  set(MONCC_VALGRIND_OUT ${CMAKE_CURRENT_BINARY_DIR}/valgrind)
  add_test(NAME valgrind/infra-build
           COMMAND ${CMAKE_COMMAND} -DEXPECT=0 -DCLEAN=${MONCC_VALGRIND_OUT}/infra
                   -P ${MONCC_EXPECT_EXIT} --
                   ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> build --quiet
                   infra/monitoring/monitoring.yaml -o ${MONCC_VALGRIND_OUT}/infra/a/b
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  add_test(NAME valgrind/docs
           COMMAND ${CMAKE_COMMAND} -DEXPECT=0 -DCLEAN=${MONCC_VALGRIND_OUT}/docs
                   -P ${MONCC_EXPECT_EXIT} --
                   ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> docs --quiet
                   ${MONCC_VALGRIND_OUT}/docs
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  add_test(NAME valgrind/docs-check
           COMMAND ${CMAKE_COMMAND} -DEXPECT=0 -P ${MONCC_EXPECT_EXIT} --
                   ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> docs docs --check
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  file(GLOB MONCC_VALGRIND_LOGS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/logs/*.log
       ${CMAKE_CURRENT_SOURCE_DIR}/logs/*.jsonl)
  add_test(NAME valgrind/logs-test
           COMMAND ${CMAKE_COMMAND} -DEXPECT=0 -P ${MONCC_EXPECT_EXIT} --
                   ${MONCC_VALGRIND_CMD} $<TARGET_FILE:moncc> logs test
                   infra/monitoring/monitoring.yaml ${MONCC_VALGRIND_LOGS}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(valgrind/infra-build valgrind/docs valgrind/docs-check
                       valgrind/logs-test PROPERTIES TIMEOUT 600)
endif()
