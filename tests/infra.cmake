# The user's production spec (infra/monitoring/monitoring.yaml) and what is checked in from it:
#   infra/current      `moncc build --check`: infra/monitoring/ and docs/monitoring-guide.md,
#                      docs/incident-response.md are exactly what the spec generates;
#   infra/cfnlint      cfn-lint on a fresh build of its CloudFormation: zero findings;
#   infra/alarms       its alarms.yaml against botocore's PutMetricAlarm / PutCompositeAlarm
#                      input shapes, and every runbook link against docs/incident-response.md;
#   docs/links         every relative link in README.md and docs/ lands on a file.
# Its dashboards go through moto in moto/dashboards; its log filters over the sample lines of
# tests/logs/ in logs/infra.
add_test(NAME infra/current
  COMMAND $<TARGET_FILE:moncc> build infra/monitoring/monitoring.yaml --check
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(infra/current PROPERTIES LABELS infra)

find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: infra/cfnlint, infra/alarms, docs/links not run")
  return()
endif()
add_test(NAME infra/cfnlint
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/cfn_lint.py
          $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR} infra/monitoring/monitoring.yaml)
set_tests_properties(infra/cfnlint PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
  LABELS "infra;cfnlint")
add_test(NAME infra/alarms
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/validate_alarms.py
          --runbooks docs/incident-response.md infra/monitoring/alarms.yaml
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(infra/alarms PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
  LABELS "infra;botocore")
add_test(NAME docs/links
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_doc_links.py
          ${CMAKE_SOURCE_DIR})
set_tests_properties(docs/links PROPERTIES LABELS docs)
add_test(NAME emit/literal-keys
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_literal_keys.py
          ${CMAKE_SOURCE_DIR})
set_tests_properties(emit/literal-keys PROPERTIES LABELS emit)
