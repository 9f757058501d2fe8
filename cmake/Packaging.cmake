# Packaging: the desktop entry, icons, AppStream metainfo, man page and Debian documents that
# `cmake --install` puts next to the binary, and the CPack settings that turn them into
# sockpit_<version>_<arch>.deb (`cpack -G DEB` in the build directory). The version comes from
# project() alone. The test "package" (label "package") builds the package and checks it:
# packaging/check-package.sh.

set(_pkg_src ${PROJECT_SOURCE_DIR}/packaging)
set(_res_src ${PROJECT_SOURCE_DIR}/resources)
set(_pkg_out ${PROJECT_BINARY_DIR}/packaging)
set(SOCKPIT_METAINFO_ID io.github.sockpit.Sockpit)

set(SOCKPIT_PACKAGE_MAINTAINER "The Sockpit developers <sockpit@example.org>"
  CACHE STRING "Maintainer field of the Debian package: Name <address>")

# --- CPack (DEB) --------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME sockpit)
set(CPACK_PACKAGE_VENDOR "The Sockpit developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "network debugging assistant: TCP server, TCP client and UDP")
set(CPACK_PACKAGE_CONTACT "${SOCKPIT_PACKAGE_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Release builds carry debug information; the package ships stripped binaries.
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_NAME sockpit)
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SOCKPIT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# CPack puts the summary above this as the synopsis line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Sockpit talks over plain sockets: start a TCP server with one click, connect a
TCP client to it, send and receive UDP datagrams, and watch every byte that
passes in a timestamped log, as text, hex or both. Every event can be recorded
in full to a text or JSON Lines file.
.
The headless commands 'sockpit listen' and 'sockpit connect' do the same
without a display, for scripts and machines without a screen.")
# Library dependencies are computed by dpkg-shlibdeps from the binary. What it cannot see are
# run-time plugins and data: SVG icon rendering in Qt's dialogs, Qt's own translated strings for the
# Chinese interface, and a font that has Chinese characters.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Nor does it see OpenSSL's libcrypto.so.3 (package libssl3): the TLS library loads it with dlopen the
# first time it makes a certificate or checks a key (tls/libcrypto.cpp). Every function it takes from
# there is in OpenSSL 3.0.0. CPack appends what dpkg-shlibdeps finds to this list.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libssl3 (>= 3.0.0)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "libqt6svg6, qt6-translations-l10n, fonts-wqy-microhei | fonts-noto-cjk")
set(CPACK_GENERATOR DEB)
include(CPack)

# --- Files installed with the binary ------------------------------------------------------------
# The version is filled in here; the man page and the changelog are gzipped (-n: no name or time
# stamp, so the package is reproducible). The package is native (version without a Debian revision),
# so its changelog is usr/share/doc/sockpit/changelog.gz, as lintian expects.
# The changelog date is the day of configuring (or SOURCE_DATE_EPOCH, which CMake honours).
string(TIMESTAMP SOCKPIT_PACKAGE_DATE "%a, %d %b %Y 00:00:00 +0000" UTC)
configure_file(${_res_src}/${SOCKPIT_METAINFO_ID}.metainfo.xml.in
  ${_pkg_out}/${SOCKPIT_METAINFO_ID}.metainfo.xml @ONLY)
configure_file(${_pkg_src}/sockpit.1.in ${_pkg_out}/sockpit.1 @ONLY)
configure_file(${_pkg_src}/changelog.in ${_pkg_out}/changelog @ONLY)
add_custom_command(
  OUTPUT ${_pkg_out}/sockpit.1.gz ${_pkg_out}/changelog.gz
  COMMAND gzip -9nkf sockpit.1 changelog
  DEPENDS ${_pkg_out}/sockpit.1 ${_pkg_out}/changelog
  WORKING_DIRECTORY ${_pkg_out}
  COMMENT "Compressing the man page and the changelog"
  VERBATIM)
add_custom_target(sockpit_package_files ALL
  DEPENDS ${_pkg_out}/sockpit.1.gz ${_pkg_out}/changelog.gz)

install(FILES ${_res_src}/sockpit.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_pkg_out}/${SOCKPIT_METAINFO_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_res_src}/icons/sockpit.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(_size 16 32 48 64 128 256)
  install(FILES ${_res_src}/icons/hicolor/${_size}x${_size}/apps/sockpit.png
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
endforeach()
install(FILES ${_pkg_out}/sockpit.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${_pkg_src}/copyright ${_pkg_out}/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sockpit)

# --- The package test ----------------------------------------------------------------------------
# Not in the sanitizer build: a package of an instrumented binary is nothing anyone installs.
if(SOCKPIT_BUILD_TESTS AND NOT SOCKPIT_SANITIZE)
  add_test(NAME package
    COMMAND bash ${_pkg_src}/check-package.sh ${PROJECT_BINARY_DIR} ${PROJECT_VERSION}
            ${SOCKPIT_METAINFO_ID})
  set_tests_properties(package PROPERTIES LABELS package TIMEOUT 300
    # cpack re-runs the install step of this build tree: not at the same time as another cpack.
    RESOURCE_LOCK sockpit_cpack)
endif()
