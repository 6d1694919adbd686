# moto/dashboards: tests/tools/moto_dashboards.py builds the contract examples (and two golden
# specs), deploys every dashboard body to a local moto_server with signature checking on and
# reads it back byte for byte, and creates the specs' SNS topics and subscriptions there. It
# exits 77 (reported as skipped) only when moto_server or the aws CLI is not installed.
find_program(MONCC_MOTO_PYTHON3 NAMES python3)
if(NOT MONCC_MOTO_PYTHON3)
  message(WARNING "python3 not found: moto/dashboards is not registered")
  return()
endif()
add_test(NAME moto/dashboards
  COMMAND ${MONCC_MOTO_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tools/moto_dashboards.py
          $<TARGET_FILE:moncc> ${CMAKE_SOURCE_DIR})
set_tests_properties(moto/dashboards PROPERTIES TIMEOUT 240 SKIP_RETURN_CODE 77 LABELS moto)
