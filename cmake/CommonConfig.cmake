# Settings every target of our own shares: warnings as errors, strict Qt string handling, and the
# optional sanitizer build that CI runs the tests under.
add_library(sockpit_common INTERFACE)
target_compile_options(sockpit_common INTERFACE -Wall -Wextra -Wpedantic)
if(SOCKPIT_WERROR)
  target_compile_options(sockpit_common INTERFACE -Werror)
endif()
target_compile_definitions(sockpit_common INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  SOCKPIT_VERSION="${PROJECT_VERSION}")
if(SOCKPIT_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(sockpit_common INTERFACE ${_san})
  target_link_options(sockpit_common INTERFACE ${_san})
endif()
if(SOCKPIT_FUZZ)
  # Coverage feedback for libFuzzer in everything of our own; the fuzz executables add -fsanitize=fuzzer
  # (libFuzzer's main) themselves. Any UBSan report aborts, so the fuzzer sees it as a crash. Line
  # tables are all a sanitizer's stack trace needs, and build in a fraction of the time of full -g.
  set(_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
    -gline-tables-only)
  target_compile_options(sockpit_common INTERFACE ${_fuzz})
  target_link_options(sockpit_common INTERFACE -fsanitize=address,undefined)
endif()
