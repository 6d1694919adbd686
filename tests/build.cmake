# `moncc build` tests: one ctest build/NAME per test function in tools/build_test.py (paths,
# --check fresh and stale, the manifest, user files, atomicity on failure, usage). The list of
# names comes from `build_test.py --list` at configure time; editing the script reconfigures.
find_program(MONCC_PYTHON3 NAMES python3)
set(MONCC_BUILD_TEST ${CMAKE_CURRENT_SOURCE_DIR}/tools/build_test.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${MONCC_BUILD_TEST})
if(NOT MONCC_PYTHON3)
  message(WARNING "python3 not found: the build/ tests are not registered")
else()
  execute_process(COMMAND ${MONCC_PYTHON3} ${MONCC_BUILD_TEST} --list
                  OUTPUT_VARIABLE MONCC_BUILD_NAMES RESULT_VARIABLE MONCC_BUILD_RC)
  if(NOT MONCC_BUILD_RC EQUAL 0)
    message(FATAL_ERROR "tests/tools/build_test.py --list failed")
  endif()
  string(REGEX REPLACE "\n+$" "" MONCC_BUILD_NAMES "${MONCC_BUILD_NAMES}")
  string(REPLACE "\n" ";" MONCC_BUILD_NAMES "${MONCC_BUILD_NAMES}")
  foreach(name IN LISTS MONCC_BUILD_NAMES)
    add_test(NAME build/${name}
             COMMAND ${MONCC_PYTHON3} ${MONCC_BUILD_TEST} $<TARGET_FILE:moncc>
                     ${CMAKE_SOURCE_DIR} ${name})
    set_tests_properties(build/${name} PROPERTIES TIMEOUT 120)
  endforeach()
endif()
