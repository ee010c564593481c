# bash completion for unitsec(1)                                  -*- shell-script -*-
# Verbs and options are read from the installed binary's --help, so they follow the version;
# unit names come from the unit search path below --root; directive names (after -p) from the
# list below, which tests/unit/test-report-completion.c keeps equal to unitsec's directive table.

_unitsec_directives='
Type PIDFile BusName RemainAfterExit Restart ExitType NotifyAccess ExecStartPre ExecStart
ExecStartPost ExecReload ExecStop ExecStopPost ExecCondition SELinuxContext AppArmorProfile
SmackProcessLabel RootVerity User Group DynamicUser SupplementaryGroups PAMName
WorkingDirectory RootDirectory RootImage MountImages Environment EnvironmentFile UMask LimitCPU
LimitFSIZE LimitDATA LimitSTACK LimitCORE LimitRSS LimitNPROC LimitNOFILE LimitMEMLOCK LimitAS
LimitLOCKS LimitSIGPENDING LimitMSGQUEUE LimitNICE LimitRTPRIO LimitRTTIME
CapabilityBoundingSet AmbientCapabilities NoNewPrivileges KeyringMode ProtectProc ProcSubset
ProtectSystem ProtectHome PrivateTmp PrivateDevices ProtectClock ProtectKernelTunables
ProtectKernelModules ProtectKernelLogs ProtectControlGroups PrivateNetwork PrivateUsers
PrivateMounts PrivateIPC ProtectHostname LockPersonality MemoryDenyWriteExecute
RestrictRealtime RestrictSUIDSGID RemoveIPC RestrictNamespaces RestrictAddressFamilies
SystemCallFilter SystemCallArchitectures SystemCallErrorNumber SystemCallLog ReadWritePaths
ReadOnlyPaths InaccessiblePaths ExecPaths NoExecPaths ReadWriteDirectories ReadOnlyDirectories
InaccessibleDirectories TemporaryFileSystem BindPaths BindReadOnlyPaths RuntimeDirectory
RuntimeDirectoryMode StateDirectory StateDirectoryMode CacheDirectory CacheDirectoryMode
LogsDirectory LogsDirectoryMode ConfigurationDirectory ConfigurationDirectoryMode
LoadCredential LoadCredentialEncrypted SetCredential SetCredentialEncrypted KillMode Delegate
DevicePolicy DeviceAllow IPAddressAllow IPAddressDeny IPIngressFilterPath IPEgressFilterPath
AllowedCPUs AllowedMemoryNodes BPFProgram BlockIOAccounting BlockIODeviceWeight
BlockIOReadBandwidth BlockIOWeight BlockIOWriteBandwidth BusPolicy CPUAccounting CPUAffinity
CPUQuota CPUQuotaPeriodSec CPUSchedulingPolicy CPUSchedulingPriority CPUSchedulingResetOnFork
CPUShares CPUWeight Capabilities CoredumpFilter DefaultMemoryLow DefaultMemoryMin
DisableControllers ExecSearchPath ExtensionDirectories ExtensionImages FailureAction
FileDescriptorStoreMax FinalKillSignal GuessMainPID IOAccounting IODeviceLatencyTargetSec
IODeviceWeight IOReadBandwidthMax IOReadIOPSMax IOSchedulingClass IOSchedulingPriority IOWeight
IOWriteBandwidthMax IOWriteIOPSMax IPAccounting IPCNamespacePath IgnoreSIGPIPE KillSignal
LogExtraFields LogLevelMax LogNamespace LogRateLimitBurst LogRateLimitIntervalSec
ManagedOOMMemoryPressure ManagedOOMMemoryPressureLimit ManagedOOMPreference ManagedOOMSwap
MemoryAccounting MemoryHigh MemoryLimit MemoryLow MemoryMax MemoryMin MemorySwapMax MountAPIVFS
MountFlags NUMAMask NUMAPolicy NetClass NetworkNamespacePath Nice NonBlocking OOMPolicy
OOMScoreAdjust PassEnvironment PermissionsStartOnly Personality RebootArgument
RestartForceExitStatus RestartKillSignal RestartPreventExitStatus RestartSec
RestrictFileSystems RestrictNetworkInterfaces RootDirectoryStartOnly RootHash RootHashSignature
RootImageOptions RuntimeDirectoryPreserve RuntimeMaxSec RuntimeRandomizedExtraSec SecureBits
SendSIGHUP SendSIGKILL Slice SocketBindAllow SocketBindDeny Sockets StandardError StandardInput
StandardInputData StandardInputText StandardOutput StartLimitAction StartLimitBurst
StartLimitInterval StartupAllowedCPUs StartupAllowedMemoryNodes StartupBlockIOWeight
StartupCPUShares StartupCPUWeight StartupIOWeight SuccessExitStatus SysVStartPriority
SyslogFacility SyslogIdentifier SyslogLevel SyslogLevelPrefix TTYColumns TTYPath TTYReset
TTYRows TTYVHangup TTYVTDisallocate TasksAccounting TasksMax TimeoutAbortSec TimeoutCleanSec
TimeoutSec TimeoutStartFailureMode TimeoutStartSec TimeoutStopFailureMode TimeoutStopSec
TimerSlackNSec USBFunctionDescriptors USBFunctionStrings UnsetEnvironment UtmpIdentifier
UtmpMode WatchdogSec WatchdogSignal'

# words of the line with "--opt" "=" "value" joined again (COMP_WORDBREAKS splits at '=')
__unitsec_words() {
        local i w
        _unitsec_w=() _unitsec_cword=0
        for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
                w=${COMP_WORDS[i]}
                if [[ $w == = && ${#_unitsec_w[@]} -gt 0 && ${_unitsec_w[-1]} == -* && ${_unitsec_w[-1]} != *=* ]] ||
                        [[ $i -gt 0 && ${COMP_WORDS[i - 1]} == = && ${#_unitsec_w[@]} -gt 0 && ${_unitsec_w[-1]} == *= ]]; then
                        _unitsec_w[-1]+=$w
                else
                        _unitsec_w+=("$w")
                fi
                [[ $i -eq $COMP_CWORD ]] && _unitsec_cword=$((${#_unitsec_w[@]} - 1))
        done
        [[ $COMP_CWORD -ge ${#COMP_WORDS[@]} ]] && { _unitsec_w+=(""); _unitsec_cword=$((${#_unitsec_w[@]} - 1)); }
        return 0
}

__unitsec_verbs() {
        "$1" --help 2>/dev/null | sed -n '/^Verbs:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# the options a verb's --help lists ("--harden[=LEVEL]" gives --harden and --harden=)
__unitsec_options() {
        local o
        "$1" ${2:+"$2"} --help 2>/dev/null | grep -E -- '^ +-' | grep -oE -- '(^|[ ,/])--?[a-zA-Z][a-zA-Z-]*(\[=|=)?' | sed -E 's/^[ ,\/]+//' |
                while read -r o; do
                        case $o in
                        *'[=') printf '%s\n%s\n' "${o%[=}" "${o%[=}=" ;;
                        *) printf '%s\n' "$o" ;;
                        esac
                done | sort -u
}

__unitsec_root() {
        local i root=/
        for ((i = 1; i < _unitsec_cword; i++)); do
                case ${_unitsec_w[i]} in
                --root=*) root=${_unitsec_w[i]#--root=} ;;
                --root) root=${_unitsec_w[i + 1]} ;;
                esac
        done
        printf '%s' "${root%/}"
}

__unitsec_user() {
        local w
        for w in "${_unitsec_w[@]}"; do [[ $w == --user ]] && return 0; done
        return 1
}

# unit names in the search path below --root; $1 is a glob for the type ("*.service")
__unitsec_units() {
        local root dirs d f
        root=$(__unitsec_root)
        if __unitsec_user; then
                dirs="etc/systemd/user run/systemd/user usr/local/lib/systemd/user usr/lib/systemd/user lib/systemd/user"
        else
                dirs="etc/systemd/system run/systemd/system usr/local/lib/systemd/system usr/lib/systemd/system lib/systemd/system"
        fi
        for d in $dirs; do
                for f in "$root/$d"/$1; do
                        [[ -d $f && ! -L $f ]] && continue # UNIT.d/ drop-in directories
                        [[ -e $f || -L $f ]] && printf '%s\n' "${f##*/}"
                done
        done | sort -u
}

__unitsec_values() { # $1 verb, $2 option; prints candidate values
        case $2 in
        --json) [[ $1 == harden ]] && echo "short pretty off" || echo "pretty short off help" ;;
        --format) echo "json sarif" ;;
        --level | --harden) echo "conservative standard strict" ;;
        --offline) echo "yes" ;;
        --drop-in) echo "override.conf" ;;
        --property) printf '%s=\n' $_unitsec_directives ;;
        --profile)
                local p
                for p in "$(__unitsec_root)"/{etc,run,usr/local/lib,usr/lib,lib}/systemd/portable/profile/*; do
                        [[ -e $p ]] && p=${p##*/} && echo "${p%.conf}"
                done | sort -u
                ;;
        esac
}

__unitsec_file_option() {
        case $1 in
        --root) return 0 ;;
        --html | --output | -o | --dropin | --security-policy | --verify-marker | --observed) return 0 ;;
        esac
        return 1
}

_unitsec() {
        local cmd=${COMP_WORDS[0]} cur prev verb="" i w opt val
        __unitsec_words
        cur=${_unitsec_w[_unitsec_cword]}
        prev=${_unitsec_w[_unitsec_cword - 1]}
        local verbs
        verbs=$(__unitsec_verbs "$cmd")
        for ((i = 1; i < _unitsec_cword; i++)); do
                w=${_unitsec_w[i]}
                [[ $w == -- ]] && break
                [[ ${_unitsec_w[i - 1]} == --root && $w != -* ]] && continue
                if [[ $w != -* ]] && grep -qx -- "$w" <<<"$verbs"; then verb=$w; break; fi
        done
        COMPREPLY=()

        # an option's value: "--opt=val" (word) or "-p val" / "--root val" (two words)
        if [[ $cur == --*=* ]]; then
                opt=${cur%%=*} val=${cur#*=}
        elif [[ $prev == -p || $prev == --property ]]; then
                opt=--property val=$cur
        elif [[ $prev == --root || $prev == -o ]]; then
                opt=$prev val=$cur
        fi
        if [[ -n $opt ]]; then
                local prefix=""
                [[ $cur == --*=* && $COMP_WORDBREAKS != *=* ]] && prefix="$opt="
                if [[ $opt == --root ]]; then
                        COMPREPLY=($(compgen -d -P "$prefix" -- "$val"))
                        compopt -o filenames 2>/dev/null
                elif __unitsec_file_option "$opt"; then
                        COMPREPLY=($(compgen -f -P "$prefix" -- "$val"))
                        compopt -o filenames 2>/dev/null
                else
                        COMPREPLY=($(compgen -W "$(__unitsec_values "$verb" "$opt")" -P "$prefix" -- "$val"))
                        [[ $opt == --property || $opt == --profile ]] && compopt -o nospace 2>/dev/null
                fi
                return 0
        fi

        if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$({ __unitsec_options "$cmd" "$verb"; [[ -n $verb ]] && __unitsec_options "$cmd"; } | sort -u)" -- "$cur"))
                [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
                return 0
        fi
        if [[ -z $verb ]]; then
                COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
                return 0
        fi
        if [[ $cur == */* || $cur == .* || $verb == report ]]; then
                COMPREPLY=($(compgen -f -- "$cur"))
                compopt -o filenames 2>/dev/null
                return 0
        fi
        case $verb in
        cat | show) COMPREPLY=($(compgen -W "$(__unitsec_units '*.*')" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "$(__unitsec_units '*.service')" -- "$cur")) ;;
        esac
        return 0
}

complete -F _unitsec unitsec
