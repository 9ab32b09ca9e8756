/**
 * The completion scripts. Each is a thin shim: it hands the words typed so far to
 * `oktactl __complete` and offers what that prints (see complete.ts), so commands, flags, factor
 * types and profile names always match the installed oktactl.
 */

const BASH = `# oktactl completion for bash. Load it in ~/.bashrc:
#   source <(oktactl completion bash)
_oktactl_complete() {
  local line=\${COMP_LINE:0:COMP_POINT} cur="" out directive i
  local -a words lines
  # Split the line ourselves: bash's COMP_WORDS also breaks at ":" and "=" (token:software:totp).
  read -r -a words <<< "$line"
  if [[ $line == *[[:space:]] || \${#words[@]} -eq 0 ]]; then words+=(""); fi
  cur=\${words[\${#words[@]}-1]}
  while IFS= read -r out; do lines+=("\${out%%$'\\t'*}"); done < <(command oktactl __complete "\${words[@]:1}" 2>/dev/null)
  directive=\${lines[0]}
  COMPREPLY=()
  if [[ $directive == ":files" ]]; then
    compopt -o filenames 2>/dev/null
    [[ $cur == -*=* ]] && cur=\${cur#*=}
    while IFS= read -r out; do COMPREPLY+=("$out"); done < <(compgen -f -- "$cur")
    return 0
  fi
  COMPREPLY=("\${lines[@]:1}")
  # bash replaces only the part of the word after the last ":" or "="; trim what it keeps.
  if [[ $cur == *[:=]* ]]; then
    local keep=\${cur%"\${cur##*[:=]}"}
    for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]=\${COMPREPLY[i]#"$keep"}; done
  fi
  return 0
}
complete -F _oktactl_complete oktactl
`

const ZSH = `#compdef oktactl
# oktactl completion for zsh. Load it in ~/.zshrc (after compinit):
#   source <(oktactl completion zsh)
# or save it as _oktactl in a directory on $fpath.
_oktactl() {
  local -a lines described plain
  local line value
  lines=("\${(@f)$(command oktactl __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ \${lines[1]} == ":files" ]]; then
    [[ $PREFIX == -*=* ]] && compset -P '*='
    _files
    return
  fi
  for line in "\${(@)lines[2,-1]}"; do
    [[ -z $line ]] && continue
    value=\${line%%$'\\t'*}
    if [[ $line == *$'\\t'* ]]; then
      described+=("\${value//:/\\\\:}:\${line#*$'\\t'}")
    else
      plain+=("$value")
    fi
  done
  (( \${#described} )) && _describe -t oktactl 'oktactl' described
  (( \${#plain} )) && compadd -Q -- "\${(@)plain}"
  return 0
}
if [[ "\${funcstack[1]}" == "_oktactl" ]]; then
  _oktactl "$@"
elif (( $+functions[compdef] )); then
  compdef _oktactl oktactl
else
  print -u2 "oktactl: load compinit before this completion (autoload -U compinit && compinit)"
fi
`

const FISH = `# oktactl completion for fish. Load it with:
#   oktactl completion fish > ~/.config/fish/completions/oktactl.fish
function __oktactl_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l out (command oktactl __complete $words[2..-1] 2>/dev/null)
    if test "$out[1]" = ":files"
        set -l token (commandline -ct)
        set -l prefix (string match -r -- '^-[^=]*=' $token)
        for path in (__fish_complete_path (string replace -r -- '^-[^=]*=' '' $token))
            echo "$prefix$path"
        end
        return
    end
    printf '%s\\n' $out[2..-1]
end
complete -c oktactl -f -a '(__oktactl_complete)'
`

export const COMPLETION_SCRIPTS = { bash: BASH, zsh: ZSH, fish: FISH } as const
