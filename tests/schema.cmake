# The JSON Schema of the spec, schema/moncc.schema.json (see docs/schema.md), checked by
# tests/tools/check_schema.py (python3 with jsonschema and PyYAML):
#   schema/meta       the schema itself: valid 2020-12, a description on every property, only
#                     the keywords the C validator supports, both contract examples valid, and
#                     lists of valid and invalid snippets judged right;
#   schema/validator  the built moncc prints the same bytes with `moncc schema`, checks both
#                     contract examples clean, and its C validator agrees with jsonschema on
#                     the same snippets.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "moncc: python3 not found: the spec schema (schema/*) is not tested")
  return()
endif()

add_test(NAME schema/meta
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/check_schema.py
          --root ${CMAKE_SOURCE_DIR})
set_tests_properties(schema/meta PROPERTIES TIMEOUT 120 LABELS schema)

add_test(NAME schema/validator
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/check_schema.py
          --root ${CMAKE_SOURCE_DIR} --moncc $<TARGET_FILE:moncc>)
set_tests_properties(schema/validator PROPERTIES TIMEOUT 300 LABELS schema)
