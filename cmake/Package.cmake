# A Debian package of what cmake/Install.cmake installs:
#   cd build && cpack -G DEB      ->  ocivalidate_<version>_<arch>.deb
# Its Depends are worked out by dpkg-shlibdeps from the shared libraries the
# binary links (libbotan, libarchive, libzstd, libisal, libfmt, libc, ...),
# so they follow whatever the build machine's Debian release provides.
set(CPACK_PACKAGE_NAME ocivalidate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "check OCI container images against the OCI image-spec")
set(CPACK_PACKAGE_DESCRIPTION
    "ocivalidate checks an OCI image layout, an oci-archive or a docker save tarball\n"
    "against the OCI image-spec and reports every violation with a stable rule ID,\n"
    "a severity that follows the spec's words and a precise location. Reports in\n"
    "text, JSON, SARIF (GitHub code scanning), JUnit XML and GitLab Code Quality.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(OCV_PACKAGE_MAINTAINER "ocivalidate maintainers <ocivalidate@example.invalid>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${OCV_PACKAGE_MAINTAINER}")
set(CPACK_GENERATOR DEB)
# Installed with DESTDIR and the real prefix, so that install(CODE) in
# cmake/Install.cmake sees /usr (the zsh completion's directory).
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The tools that write what ocivalidate reads; it needs none of them.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "skopeo, umoci, buildah, pre-commit")
include(CPack)
