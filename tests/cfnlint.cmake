# cfn-lint on the generated CloudFormation: one ctest cfnlint/<case> per contract example and
# per golden spec (tests/golden/<case>/, its monitoring.yaml or the path in its SPEC file),
# plus cfnlint/split-12-services(-app-signals), a generated spec large enough to be split into several
# templates (tests/tools/cfn_lint.py --gen-services). Each builds the spec with
# `moncc build -o TMP` and fails on any cfn-lint error (exit bit 2); warnings are printed.
# Skipped (exit 77) where cfn-lint is not installed.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the cfn-lint tests (cfnlint/*) are not run")
  return()
endif()

set(MONCC_CFNLINT ${CMAKE_CURRENT_SOURCE_DIR}/tools/cfn_lint.py)
function(moncc_cfnlint_test name)
  add_test(NAME cfnlint/${name}
    COMMAND ${Python3_EXECUTABLE} ${MONCC_CFNLINT} $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR}
            ${ARGN})
  set_tests_properties(cfnlint/${name} PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
    LABELS cfnlint)
endfunction()

moncc_cfnlint_test(example-anythingllm examples/anythingllm/monitoring.yaml)
moncc_cfnlint_test(example-minimal examples/minimal/monitoring.yaml)

file(GLOB MONCC_CFNLINT_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/*)
foreach(entry IN LISTS MONCC_CFNLINT_CASES)
  if(NOT IS_DIRECTORY ${entry})
    continue()
  endif()
  get_filename_component(case ${entry} NAME)
  if(EXISTS ${entry}/SPEC)
    continue() # a contract example, tested above
  endif()
  moncc_cfnlint_test(${case} tests/golden/${case}/monitoring.yaml)
endforeach()

moncc_cfnlint_test(split-12-services --gen-services 12 --min-templates 2)
# The same on Application Signals: each SLO with its DependsOn burn-rate alarms, split.
moncc_cfnlint_test(split-12-services-app-signals --gen-services 12 --app-signals
  --min-templates 2)
