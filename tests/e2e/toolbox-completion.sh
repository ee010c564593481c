#!/usr/bin/env bash
# fast
# bash completion (completion/unitsec.bash), driven as bash drives it: `complete -p` names the
# function, which is called with COMP_WORDS/COMP_CWORD split at '=' as readline does; COMPREPLY is
# checked for verbs, options, option values, unit names below --root and directive names after -p.
set -u
top=${UNITSEC_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${UNITSEC:-$top/build/unitsec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/root/lib/systemd/system" "$tmp/root/etc/systemd/system" "$tmp/root/usr/lib/systemd/user"
ln -s "$bin" "$tmp/bin/unitsec"
touch "$tmp/root/lib/systemd/system/"{alpha.service,alpha.socket,beta@.service,gamma.timer}
mkdir "$tmp/root/lib/systemd/system/alpha.service.d"
touch "$tmp/root/etc/systemd/system/delta.service" "$tmp/root/usr/lib/systemd/user/userunit.service"
export PATH="$tmp/bin:$PATH" R="$tmp/root"
bash --norc --noprofile -s -- "$top/completion/unitsec.bash" >"$tmp/bash.tap" <<'SH'
source "$1"
n=0
# comp LINE: what completing at the end of LINE offers, one per line, sorted
comp() {
        local line=$1 w
        local -a parts
        COMP_WORDS=()
        read -ra parts <<<"$line"
        [[ $line == *" " ]] && parts+=("")
        for w in "${parts[@]}"; do
                if [[ $w == -*=* ]]; then
                        COMP_WORDS+=("${w%%=*}" "=")
                        [[ -n ${w#*=} ]] && COMP_WORDS+=("${w#*=}")
                else
                        COMP_WORDS+=("$w")
                fi
        done
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
        COMPREPLY=()
        "$(complete -p unitsec | sed -n 's/.*-F \([^ ]*\) .*/\1/p')" unitsec "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null
        printf '%s\n' "${COMPREPLY[@]}" | sort
}
t() { # t "what" "line" expected...
        local what=$1 line=$2; shift 2
        local got want
        got=$(comp "$line")
        want=$(printf '%s\n' "$@" | sort)
        n=$((n + 1))
        if [[ $got == "$want" ]]; then echo "ok $n - $what"; else
                echo "not ok $n - $what"; echo "# line: '$line'"; echo "# want: $(echo $want)"; echo "# got:  $(echo $got)"; fi
}
has() { # has "what" "line" word...: every word is offered
        local what=$1 line=$2 got w miss=""; shift 2
        got=$(comp "$line")
        for w in "$@"; do grep -qxF -- "$w" <<<"$got" || miss+=" $w"; done
        n=$((n + 1))
        if [[ -z $miss ]]; then echo "ok $n - $what"; else echo "not ok $n - $what"; echo "# missing:$miss"; echo "# got: $(echo $got | head -c 300)"; fi
}

n=$((n + 1))
if complete -p unitsec | grep -q -- '-F _unitsec unitsec'; then echo "ok $n - complete -p: unitsec completes with _unitsec"; else echo "not ok $n - complete -p"; fi
t "verbs" "unitsec " security cat show harden run profile edit report
t "verb prefix" "unitsec s" security show
t "verb after a global option with a value" "unitsec --root $R ha" harden
t "services below --root=" "unitsec --root=$R security " alpha.service beta@.service delta.service
t "services below --root DIR" "unitsec --root $R harden a" alpha.service
t "all unit types for cat" "unitsec --root=$R cat alpha." alpha.service alpha.socket
t "--user units" "unitsec --user --root=$R edit " userunit.service
t "directive names after -p" "unitsec run -p NoNew" NoNewPrivileges=
has "directive names after -p (prefix)" "unitsec run -p Private" PrivateTmp= PrivateDevices= PrivateNetwork=
t "directive names after --property=" "unitsec run --property=ProtectSys" ProtectSystem=
t "--json= values of security" "unitsec security --json=" pretty short off help
t "--json= values of harden" "unitsec harden --json=s" short
t "--format= values" "unitsec security --format=" json sarif
t "--level= values" "unitsec harden --level=st" standard strict
t "--harden= values" "unitsec edit --harden=c" conservative
t "verb options from its --help" "unitsec edit --" --drop-in= --harden --harden= --help --yes --no-pager --root= --system --user --version
has "security options" "unitsec security --" --format= --json= --threshold= --all --offline=
t "report options" "unitsec report --h" --help --html=
t "global options without a verb" "unitsec --r" --root=
t "--root= completes directories" "unitsec --root=$R/l" "$R/lib"
SH
cat "$tmp/bash.tap"
n=$(grep -c '^\(not \)\?ok ' "$tmp/bash.tap") # the zsh cases go on from there

# zsh: _unitsec with the completion system's functions stubbed to print what they would offer
if ! command -v zsh >/dev/null; then
        n=$((n + 1)); echo "ok $n # SKIP zsh is not installed"; echo "1..$n"; exit 0
fi
zt() { # zt "what" "line" expected...
        local what=$1 line=$2 got want; shift 2
        got=$(zsh -f -c '
compadd() { local a; while [[ $1 == -* && $1 != -- ]]; do [[ $1 == -S ]] && shift; shift; done; [[ $1 == -- ]] && shift; print -l -- "$@" }
_call_program() { shift; eval "$@" }
_describe() { local v; for v in ${(P)4}; do print -- ${v%%:*}; done }
_files() { print -- "<files>" }
_directories() { print -- "<directories>" }
_alternative() { local s; for s in "$@"; do eval "${s#*:*:}"; done }
compset() { PREFIX=${PREFIX#*=} }
source "$1" >/dev/null 2>&1
words=(${=2}); [[ $2 == *" " ]] && words+=("")
CURRENT=${#words}; PREFIX=${words[-1]}
_unitsec' zsh "$top/completion/_unitsec" "$line" | sort)
        want=$(printf '%s\n' "$@" | sort)
        n=$((n + 1))
        if [[ $got == "$want" ]]; then echo "ok $n - zsh: $what"; else
                echo "not ok $n - zsh: $what"; echo "# want: $(echo $want)"; echo "# got:  $(echo $got)"; fi
}
zt "verbs" "unitsec " security cat show harden run profile edit report
zt "services below --root=" "unitsec --root=$R security " alpha.service beta@.service delta.service "<files>"
zt "all units for cat, no drop-in directory" "unitsec --root $R cat " alpha.service alpha.socket beta@.service \
        delta.service gamma.timer "<files>"
zt "verb options" "unitsec edit --" --drop-in= --harden --harden= --help --yes
zt "--level= values" "unitsec harden --level=" conservative standard strict
zt "--format= values" "unitsec security --format=" json sarif
echo "1..$n"
