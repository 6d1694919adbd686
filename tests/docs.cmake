# The generated reference docs (moncc docs): docs/current fails when a template or the schema
# changed without `moncc docs` being run (docs/stdlib/*.md, docs/spec-reference.md are stale).
add_test(NAME docs/current COMMAND $<TARGET_FILE:moncc> docs docs --check
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(docs/current PROPERTIES TIMEOUT 60)
