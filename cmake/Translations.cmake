# Translations: resources/translations/sockpit_<lang>.ts compiled to .qm and embedded in sockpit_ui as
# the resource ":/i18n/sockpit_<lang>.qm", so the program finds them without being installed.
#   cmake --build BUILD --target sockpit_lupdate   refreshes the .ts files from the sources
#   ctest -R translations_complete                 fails when a source string lacks its zh_CN text
# Run with -P (as that test does), this file is the check itself: see the end of the file.

set(_sockpit_source_dirs core tls ui app)

if(NOT CMAKE_SCRIPT_MODE_FILE)
  find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)

  set(_ts_dir ${CMAKE_CURRENT_LIST_DIR}/../resources/translations)
  get_filename_component(_ts_dir ${_ts_dir} ABSOLUTE)
  set(_zh_ts ${_ts_dir}/sockpit_zh_CN.ts)
  # English is the source language; its .ts holds only the plural forms ("1 client", "3 clients").
  set(_en_ts ${_ts_dir}/sockpit_en.ts)

  add_library(sockpit_translations STATIC)
  set_source_files_properties(${_zh_ts} ${_en_ts}
    PROPERTIES OUTPUT_LOCATION ${CMAKE_CURRENT_BINARY_DIR}/i18n)
  qt_add_lrelease(sockpit_translations TS_FILES ${_zh_ts} ${_en_ts}
    QM_FILES_OUTPUT_VARIABLE _sockpit_qm_files OPTIONS -silent)
  qt_add_resources(sockpit_translations sockpit_i18n
    PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR}/i18n FILES ${_sockpit_qm_files})
  target_link_libraries(sockpit_ui PUBLIC sockpit_translations)

  set(_lupdate $<TARGET_FILE:Qt6::lupdate>)
  add_custom_target(sockpit_lupdate
    COMMAND ${_lupdate} -silent -no-obsolete -target-language zh_CN ${_sockpit_source_dirs} -ts ${_zh_ts}
    COMMAND ${_lupdate} -silent -no-obsolete -pluralonly -source-language en -target-language en
            ${_sockpit_source_dirs} -ts ${_en_ts}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Updating the .ts files from the sources"
    VERBATIM)

  if(SOCKPIT_BUILD_TESTS)
    add_test(NAME translations_complete
      COMMAND ${CMAKE_COMMAND} -DLUPDATE=${_lupdate} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/i18n-check -P ${CMAKE_CURRENT_LIST_FILE})
    set_tests_properties(translations_complete PROPERTIES TIMEOUT 120)
  endif()
  return()
endif()

# --- Script mode: the completeness check --------------------------------------------------------
# lupdate merges the current sources into copies of the .ts files. Any message then "unfinished"
# (new, changed or never translated) or "vanished" (no longer in the sources: a stale entry, often the
# old text of a changed one) fails the check; the .ts files themselves are left untouched.
foreach(_var LUPDATE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "Translations.cmake -P needs -D${_var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(_failed FALSE)
foreach(_lang zh_CN en)
  set(_copy ${WORK_DIR}/sockpit_${_lang}.ts)
  file(COPY_FILE ${SOURCE_DIR}/resources/translations/sockpit_${_lang}.ts ${_copy})
  set(_args -silent -target-language ${_lang})
  if(_lang STREQUAL "en")
    list(APPEND _args -pluralonly -source-language en)
  endif()
  execute_process(COMMAND ${LUPDATE} ${_args} ${_sockpit_source_dirs} -ts ${_copy}
    WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${_rc}):\n${_out}${_err}")
  endif()
  file(READ ${_copy} _ts)
  # One <message> per list item; only the first 100 characters of a source are shown.
  # Brackets would keep list items together, and a ';' would split them: both are masked.
  string(REPLACE ";" "__SC__" _ts "${_ts}")
  string(REPLACE "[" "__LB__" _ts "${_ts}")
  string(REPLACE "]" "__RB__" _ts "${_ts}")
  string(REPLACE "</message>" "</message>;" _messages "${_ts}")
  set(_finished 0)
  set(_problems 0)
  foreach(_m IN LISTS _messages)
    if(NOT _m MATCHES "<source>(.*)</source>")
      continue()
    endif()
    string(REGEX REPLACE ".*<source>([^<]*)</source>.*" "\\1" _source "${_m}")
    string(REPLACE "__LB__" "[" _source "${_source}")
    string(REPLACE "__RB__" "]" _source "${_source}")
    string(REPLACE "__SC__" ";" _source "${_source}")
    string(SUBSTRING "${_source}" 0 100 _source)
    if(_m MATCHES "type=\"(unfinished|vanished|obsolete)\"")
      set(_kind ${CMAKE_MATCH_1})
      math(EXPR _problems "${_problems} + 1")
      message("sockpit_${_lang}.ts: ${_kind}: ${_source}")
    elseif(_m MATCHES "<(translation|numerusform)>[ \t\r\n]*</(translation|numerusform)>")
      math(EXPR _problems "${_problems} + 1")
      message("sockpit_${_lang}.ts: empty translation: ${_source}")
    else()
      math(EXPR _finished "${_finished} + 1")
    endif()
  endforeach()
  message("sockpit_${_lang}.ts: ${_finished} finished, ${_problems} unfinished or stale")
  if(_problems GREATER 0)
    set(_failed TRUE)
  endif()
endforeach()
if(_failed)
  message(FATAL_ERROR "Translations are incomplete. Refresh the .ts files with "
    "'cmake --build BUILD --target sockpit_lupdate', translate the entries marked unfinished "
    "(Qt Linguist, or by hand: remove type=\"unfinished\"), and build again.")
endif()
