# The one place that sets warnings, for every target: moncc_warnings(target).
function(moncc_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -pedantic -Wstrict-prototypes -Wshadow -Wmissing-prototypes
    -Wpointer-arith -Wformat=2 -Wundef -Wvla)
  if(MONCC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
