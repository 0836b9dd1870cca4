# Prints the matches zsh's completion system offers for a command line, one a line:
#   zsh -f zsh_complete.zsh FOLDER 'gdapcheck tenant --'
# FOLDER holds the _gdapcheck under test. Completion runs only inside the line editor, so this
# starts an interactive zsh on a pseudo-terminal, has it source this file with --session (which
# loads the completion system and records every match offered), types the line and a TAB, and
# prints what was recorded.

if [[ $1 == --session ]]; then
  PS1='' PS2='' RPROMPT=''
  fpath=($2 $fpath)
  autoload -Uz compinit && compinit -u -D
  # Offers go through compadd; record them, then offer them as usual. With -O, -A or -D it
  # only fills an array: the completion system looking something up, not an offer. Options
  # may be grouped; P S p s i I W d J V X x r R M F E O A D take a value (attached, or the
  # next word).
  compadd() {
    local word letters
    integer i=1 skip=0
    while (( i <= $# )); do
      word=${@[i]}
      (( i += 1 ))
      if (( skip )); then
        skip=0
        continue
      fi
      [[ $word == -- || $word != -?* ]] && break
      letters=${word#-}
      while [[ -n $letters ]]; do
        case ${letters[1]} in
          [OAD]) builtin compadd "$@"; return ;;
          [PSpsiIWdJVXxrRMFE]) [[ -z ${letters[2,-1]} ]] && skip=1; letters= ;;
          *) letters=${letters[2,-1]} ;;
        esac
      done
    done
    local -a offered
    builtin compadd -A offered "$@"
    (( ${#offered} )) && print -rl -- "<match>"${^offered}
    builtin compadd "$@"
  }
  __report_done() { print -r -- '<done>' }
  comppostfuncs=(__report_done)
  bindkey '^I' complete-word
  print -r -- '<ready>'
  return
fi

zmodload zsh/zpty || exit 2
zpty session zsh -f -i
zpty -w session "source ${(q)${(%):-%x}:A} --session ${(q)1:A}"
while zpty -r session output; do
  [[ $output == '<ready>'* ]] && break
done
zpty -w -n session "$2"$'\t'
while zpty -r session output; do
  [[ $output == *'<match>'* ]] && print -r -- ${${output#*'<match>'}%%$'\r'*}
  [[ $output == *'<done>'* ]] && break
done
zpty -d session
