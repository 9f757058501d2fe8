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
# gold links a test in a quarter of the time GNU ld takes (0.4 s against 1.4 s here), and a build has
# more than a hundred test executables to link. It comes with binutils, so any g++ has it; a
# toolchain without it keeps its default linker. -DSOCKPIT_FAST_LINKER=OFF keeps the default anyway.
option(SOCKPIT_FAST_LINKER "Link with gold when the compiler is GCC and gold is there" ON)
if(SOCKPIT_FAST_LINKER AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=gold SOCKPIT_HAVE_GOLD)
  if(SOCKPIT_HAVE_GOLD)
    target_link_options(sockpit_common INTERFACE -fuse-ld=gold)
  endif()
endif()
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
