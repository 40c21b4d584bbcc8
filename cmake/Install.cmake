# What `cmake --install build --prefix P` puts under P: the command, its man
# page, the shell completions, the JSON report's schema and the
# documentation. `cpack -G DEB` in the build directory packages the same
# files (cmake/Package.cmake).
include(GNUInstallDirs)

# Where SARIF's helpUri finds the rule pages (apps/cli/rule_docs_url.hpp):
# a URL set here, else the pages installed beside the binary, else those of
# this prefix.
set(OCV_RULE_DOCS_URL "" CACHE STRING
    "Base URL of the published rule pages (docs/rules/) for SARIF helpUri; empty: the installed pages")
file(RELATIVE_PATH OCV_RULE_DOCS_FROM_BIN ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DOCDIR}/rules)
target_compile_definitions(ocivalidate PRIVATE OCV_RULE_DOCS_URL="${OCV_RULE_DOCS_URL}"
  OCV_RULE_DOCS_FROM_BIN="${OCV_RULE_DOCS_FROM_BIN}"
  OCV_RULE_DOCS_DIR="${CMAKE_INSTALL_FULL_DOCDIR}/rules")

install(TARGETS ocivalidate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The wrappers for pipelines: the pre-commit hooks' command
# (.pre-commit-hooks.yaml) and validate-then-copy for pushing images.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/ocivalidate-pre-commit
                 ${PROJECT_SOURCE_DIR}/scripts/ocivalidate-push
        DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man page is generated from --help and --version at build time, with
# the sections --help cannot hold taken from apps/cli/ocivalidate.h2m.
option(OCV_MAN "Generate and install the man page (needs help2man)" ON)
if(OCV_MAN)
  find_program(OCV_HELP2MAN help2man)
  if(NOT OCV_HELP2MAN)
    message(FATAL_ERROR
      "help2man is needed for the man page: install it (scripts/setup.sh does) or configure "
      "with -DOCV_MAN=OFF")
  endif()
  find_program(OCV_GZIP gzip REQUIRED)
  set(OCV_MAN_INCLUDE ${PROJECT_SOURCE_DIR}/apps/cli/ocivalidate.h2m)
  set(OCV_MAN_PAGE ${PROJECT_BINARY_DIR}/man/ocivalidate.1.gz)
  add_custom_command(
    OUTPUT ${OCV_MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    # The release alone in the footer: the revision is --version's to tell.
    COMMAND ${OCV_HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION}
            "--name=check OCI container images against the OCI image-spec"
            --include=${OCV_MAN_INCLUDE} --output=${PROJECT_BINARY_DIR}/man/ocivalidate.1
            $<TARGET_FILE:ocivalidate>
    # -n: no name or time stamp in the gzip header, so that the same page
    # gives the same bytes (Debian policy wants man pages compressed).
    COMMAND ${OCV_GZIP} -9nf ${PROJECT_BINARY_DIR}/man/ocivalidate.1
    DEPENDS ocivalidate ${OCV_MAN_INCLUDE}
    COMMENT "Generating the man page ocivalidate(1)"
    VERBATIM)
  add_custom_target(ocv_man ALL DEPENDS ${OCV_MAN_PAGE})
  install(FILES ${OCV_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Shell completions, where each shell's completion loader looks. zsh's
# default fpath holds share/zsh/site-functions below its own prefix, except
# Debian's zsh, which reads packages' completions from
# /usr/share/zsh/vendor-completions: the directory is chosen when the
# install runs (a package installs to /usr, `cmake --install --prefix` maybe
# elsewhere).
set(OCV_COMPLETIONS ${PROJECT_SOURCE_DIR}/apps/cli/completions)
install(FILES ${OCV_COMPLETIONS}/ocivalidate.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ocivalidate)
install(FILES ${OCV_COMPLETIONS}/ocivalidate.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(ocv_zsh_dir zsh/vendor-completions)
  else()
    set(ocv_zsh_dir zsh/site-functions)
  endif()
  file(INSTALL \"${OCV_COMPLETIONS}/_ocivalidate\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/\${ocv_zsh_dir}\")
")

# The schema of the JSON report, for consumers that validate it.
install(FILES ${PROJECT_SOURCE_DIR}/schemas/report-v1.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/ocivalidate)

# Documentation: the README and, when the tree has them, one page per rule
# (docs/rules/<ID>.md). The glob is checked again at every build, so pages
# added later are installed without editing this file.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB OCV_RULE_DOCS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/rules/*.md)
if(OCV_RULE_DOCS)
  install(FILES ${OCV_RULE_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR}/rules)
endif()
