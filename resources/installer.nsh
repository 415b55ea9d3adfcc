; Cardlane additions to electron-builder's NSIS installer (included through nsis.include).
;
; Start at login is optional. The /START-AT-LOGIN switch turns it on, for an IT person's silent
; install; an interactive install asks, and a silent install without the switch leaves it off.
; The shortcut goes to the Startup folder of the install's scope: all users for the per-machine
; installer, the current user for the per-user one. An update keeps the earlier choice.

!macro customInstall
  ${ifNot} ${isUpdated}
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/START-AT-LOGIN" $R1
    ${if} ${Errors}
      ${if} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION "Start ${PRODUCT_NAME} automatically when someone logs in to this PC?" /SD IDNO IDYES`
        CreateShortCut "$SMSTARTUP\${SHORTCUT_NAME}.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
      ${endif}
    ${else}
      CreateShortCut "$SMSTARTUP\${SHORTCUT_NAME}.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
    ${endif}
  ${endif}
!macroend

!macro customUnInstall
  ${ifNot} ${isUpdated}
    Delete "$SMSTARTUP\${SHORTCUT_NAME}.lnk"
  ${endif}
!macroend
