# What `cmake --install` (and so the .deb) puts where, in the GNU layout under the prefix:
#   bin/gdapcheck
#   share/gdapcheck/rules/       the shipped rules (found relative to bin/ at run time)
#   share/gdapcheck/examples/    the example snapshots and their README
#   share/doc/gdapcheck/         README.md, and the licence as Debian names it (copyright)
#   share/man/man1/gdapcheck.1   the man page
#   share/bash-completion/completions/gdapcheck, share/zsh/vendor-completions/_gdapcheck,
#   share/fish/vendor_completions.d/gdapcheck.fish   where each shell looks for completions
install(TARGETS gdapcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY rules/ DESTINATION ${GDAP_RULES_INSTALL_DIR})
install(DIRECTORY examples/ DESTINATION ${GDAP_EXAMPLES_INSTALL_DIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES ${GDAP_GENERATED_DOC_DIR}/gdapcheck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${GDAP_GENERATED_DOC_DIR}/gdapcheck.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME gdapcheck)
# Debian's zsh reads vendor-completions (site-functions is for the local administrator).
install(FILES ${GDAP_GENERATED_DOC_DIR}/_gdapcheck DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${GDAP_GENERATED_DOC_DIR}/gdapcheck.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
