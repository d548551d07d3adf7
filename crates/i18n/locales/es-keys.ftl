# The key log, passwords and their changes (issue 11).

## What the verifier finds in the key log and in the signatures' keys.
key_log_broken = Registro de claves, entrada { $seq }: fue cambiada, o se quitó una entrada anterior.
key_pin_mismatch = El registro de claves no contiene la entrada { $seq } que dice la referencia guardada: fue reescrito o recortado.
key_bad_endorsement = Registro de claves, entrada { $seq } ({ $username }): no tiene un aval válido.
key_unendorsed = Registro de claves, entrada { $seq } ({ $username }): ninguna clave de confianza la avala.
acta_untrusted_key = { $acta }: { $signer } firmó con una clave que el registro de claves no avala.
acta_key_superseded = { $acta }: { $signer } firmó con una clave ya reemplazada.
key_not_derived = Su clave de firma no corresponde a su contraseña: pida a un administrador que restablezca su contraseña.

## Form fields.
field-current_password = contraseña actual
field-new_password = contraseña nueva
field-new_password_again = contraseña nueva, otra vez
field-admin_password = su contraseña (de administrador)

## Pages.
web-change-password = Cambiar mi contraseña
web-reset-password = Restablecer la contraseña de una cuenta
web-passwords-differ = Las dos contraseñas nuevas no son iguales.
web-password-changed = Contraseña cambiada. Su nueva clave de firma está avalada por la anterior, y sus otras sesiones se cerraron.
web-password-reset = Contraseña de { $username } restablecida. Su nueva clave de firma está avalada por la suya, y sus sesiones se cerraron.

web-change-password-submit = Cambiar la contraseña
web-reset-password-submit = Restablecer la contraseña

## Command line.
cli-password-changed = Contraseña de { $username } cambiada; nueva clave de firma avalada por la anterior.
cli-password-reset = Contraseña de { $username } restablecida por { $admin }; nueva clave de firma avalada por { $admin }.
cli-passwords-missing = Faltan contraseñas: dé { $count ->
    [one] { $count } línea
   *[other] { $count } líneas
} en la entrada estándar ({ $which }).
cli-passwords-old-new = la actual y la nueva
cli-passwords-admin-new = la del administrador y la nueva
cli-key-pin = Referencia del registro de claves (guárdela fuera de esta base de datos, en papel o en otro lugar):
cli-key-pin-empty = El registro de claves está vacío: todavía ninguna cuenta tiene clave de firma.
cli-key-pin-invalid = «{ $pin }» no es una referencia del registro de claves: se escribe cabildo-keys:NÚMERO:HASH.
cli-key-entry = { $seq } { $kind } { $username }{ $admin } { $key } aval: { $endorser }
cli-key-admin = (administrador)
cli-key-self = ella misma
cli-key-nobody = nadie
cli-key-kind-root = raíz
cli-key-kind-enrolled = inscrita
cli-key-kind-rotation = cambio
cli-key-kind-reset = restablecida
cli-key-kind-legacy = anterior
cli-keys-intact = Registro de claves íntegro: { $count ->
    [one] { $count } clave.
   *[other] { $count } claves.
}
cli-verify-keys-pinned = Claves de firma comprobadas contra la referencia { $pin }.
cli-verify-keys-unpinned = Claves de firma comprobadas contra el registro de claves tal como está en la base de datos: para detectar un registro reescrito, dé --pin (vea cabildo keys pin).
