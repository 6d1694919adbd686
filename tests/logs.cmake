# `moncc logs test`: the metric filters of tests/golden/logs-filters over the sample log lines
# in tests/logs/ (plain-text AnythingLLM container output and a JSON access log), checked
# against tests/logs/expect.yaml (counted by hand). logs/expect-mismatch: a wrong expectations
# file must fail (exit 1) and name each difference; logs/usage: a missing LOGFILE exits 2.
set(MONCC_LOGS_SPEC tests/golden/logs-filters/monitoring.yaml)
set(MONCC_LOGS_FILES tests/logs/anythingllm-container.log tests/logs/access.jsonl)
add_test(NAME logs/fixtures
  COMMAND $<TARGET_FILE:moncc> logs test ${MONCC_LOGS_SPEC} ${MONCC_LOGS_FILES}
          --expect tests/logs/expect.yaml
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME logs/expect-mismatch
  COMMAND $<TARGET_FILE:moncc> logs test ${MONCC_LOGS_SPEC} ${MONCC_LOGS_FILES}
          --expect tests/logs/expect-wrong.yaml
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(logs/expect-mismatch PROPERTIES WILL_FAIL TRUE)
add_test(NAME logs/expect-mismatch-says
  COMMAND ${CMAKE_COMMAND} -E env sh -c
          "$<TARGET_FILE:moncc> logs test ${MONCC_LOGS_SPEC} tests/logs/anythingllm-container.log tests/logs/access.jsonl --expect tests/logs/expect-wrong.yaml 2>&1 | tr '\\n' '|'"
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(logs/expect-mismatch-says PROPERTIES PASS_REGULAR_EXPRESSION
  "chat/logs.chats-ui: expected 5 matching lines, got 4\\|chat/logs.no-such-filter: expected 0 matching lines, but the spec has no such filter\\|chat/logs.requests: 9 matching lines, but no expectation\\|moncc: error: 3 filters differ")
add_test(NAME logs/usage
  COMMAND ${CMAKE_COMMAND} -DEXPECT=2 -P ${CMAKE_CURRENT_SOURCE_DIR}/tools/expect_exit.cmake --
          $<TARGET_FILE:moncc> logs test ${MONCC_LOGS_SPEC}
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME logs/verbose-json
  COMMAND $<TARGET_FILE:moncc> logs test ${MONCC_LOGS_SPEC} tests/logs/access.jsonl -v
          --format json
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(logs/verbose-json PROPERTIES PASS_REGULAR_EXPRESSION
  "\"matches\": 8,\n *\"sum\": 90194")

# logs/infra: the production spec's filters (stdlib anythingllm, logs, cloudtrail-security)
# over the same container log and access log plus tests/logs/cloudtrail.jsonl, each file read
# as its own log group's events, against counts worked out by hand (tests/logs/infra-expect.yaml).
add_test(NAME logs/infra
  COMMAND $<TARGET_FILE:moncc> logs test infra/monitoring/monitoring.yaml
          /anythingllm/app=tests/logs/anythingllm-container.log
          /anythingllm/proxy=tests/logs/access.jsonl
          aws-cloudtrail-logs-123456789012-management=tests/logs/cloudtrail.jsonl
          --expect tests/logs/infra-expect.yaml
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
# A group-scoped file is not read by other groups' filters: the CloudTrail event that carries
# an AnythingLLM pattern in its request counts as a chat only when read by every filter.
add_test(NAME logs/group-scoped
  COMMAND ${CMAKE_COMMAND} -E env sh -c
          "$<TARGET_FILE:moncc> logs test infra/monitoring/monitoring.yaml tests/logs/cloudtrail.jsonl | grep -c '^chat/app.chats-ui: 1 matching' && $<TARGET_FILE:moncc> logs test infra/monitoring/monitoring.yaml aws-cloudtrail-logs-123456789012-management=tests/logs/cloudtrail.jsonl | grep -c '^chat/app.chats-ui: 0 matching'"
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
