# alarms.yaml against AWS's own model: one ctest botocore/alarms/<case> per golden case
# (tests/golden/<case>/, the contract examples included through their SPEC files). Each builds
# the case's spec with `moncc build -o TMP` and runs tests/tools/validate_alarms.py over the
# alarms.yaml it wrote: botocore's ParamValidator on the PutMetricAlarm / PutCompositeAlarm
# input shapes plus the rules botocore leaves to the service, and the runbook anchors against
# the incident-response.md of the same build. botocore/alarms-self-test checks that the
# validator catches each kind of mistake. yaml/roundtrip reads the YAML writer's quoting back
# with PyYAML. All are skipped (exit 77) where botocore or PyYAML is missing.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the botocore/* and yaml/* tests are not run")
  return()
endif()

set(MONCC_VALIDATE_ALARMS ${CMAKE_CURRENT_SOURCE_DIR}/tools/validate_alarms.py)

add_test(NAME botocore/alarms-self-test
  COMMAND ${Python3_EXECUTABLE} ${MONCC_VALIDATE_ALARMS} --self-test)
set_tests_properties(botocore/alarms-self-test PROPERTIES
  TIMEOUT 60 SKIP_RETURN_CODE 77 LABELS botocore)

file(GLOB MONCC_BOTOCORE_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/*)
foreach(entry IN LISTS MONCC_BOTOCORE_CASES)
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(case ${entry} NAME)
  add_test(NAME botocore/alarms/${case}
    COMMAND ${Python3_EXECUTABLE} ${MONCC_VALIDATE_ALARMS} --moncc $<TARGET_FILE:moncc>
            --srcdir ${CMAKE_SOURCE_DIR} --case ${case})
  set_tests_properties(botocore/alarms/${case} PROPERTIES
    TIMEOUT 120 SKIP_RETURN_CODE 77 LABELS botocore)
endforeach()

add_test(NAME yaml/roundtrip
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/yaml_roundtrip.py
          $<TARGET_FILE:test_yaml_out>)
set_tests_properties(yaml/roundtrip PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77 LABELS yaml)
