# Issue 11's open ends and the padrón pages (branch u-trust).

import_changed_meanwhile = El registro cambió mientras se importaba el archivo (una familia que cambiaba fue borrada, o un código de lote fue ocupado); no se importó nada. Importe el archivo de nuevo.

## The verification page: the key log and its pin (`serve --key-pin`).
trust-keys-heading = Claves de firma
trust-keys-pinned = Las claves de firma se comprobaron contra el pin { $pin }, guardado fuera de la base de datos: solo cuentan las firmas hechas con claves que ese pin respalda.
trust-keys-pin-mismatch = El registro de claves no coincide con el pin { $pin } que se dio al servidor: el registro fue reescrito o el pin es de otra instalación. No se confía en ninguna firma hasta aclararlo.
trust-keys-unpinned = Las claves de firma no están fijadas: el registro de claves se tomó tal como está en la base de datos, y quien pueda reescribirla entera podría poner claves suyas sin que esta página lo note. Para fijarlas, quien administra el servidor ejecuta «cabildo keys pin», guarda el resultado fuera de la base de datos y arranca el servidor con «cabildo serve --key-pin cabildo-keys:N:HASH» (o la variable CABILDO_KEY_PIN).

## `cabildo user add`: the new account's signing key.
cli-user-key-endorsed = Su clave de firma quedó en el registro de claves (entrada { $seq }), respaldada por la clave de { $admin }: un pin anterior la sigue cubriendo.
cli-user-key-not-endorsed = Atención: la clave de firma de { $username } se creará en su primera firma, firmada por sí misma, y solo un pin tomado después la respaldará. Para que la respalde un administrador, cree la cuenta con «cabildo user add … --endorse-by ADMINISTRADOR», o restablezca su contraseña con «cabildo user reset { $username } --admin ADMINISTRADOR» antes de que firme.

## API tokens: their last use (recorded at most once a minute).
trust-token-last-used = Último uso
trust-token-never-used = nunca usada
cli-token-last-used = último uso { $at }

## Closing an election whose winner left the register meanwhile.
elected_not_registered = { $name } ganó la elección, pero ya no está en el registro de { $body } (su familia salió del padrón o su afiliación terminó mientras la votación estaba abierta): el cargo no se le puede dar. Si fue un error, vuelva a registrarlo y cierre la votación; si no, la votación queda abierta hasta que se resuelva.

## The padrón: pages, download and print.
trust-padron-page = Página { $page } de { $pages }
trust-padron-sheet = Página { $page } de { $pages }
trust-padron-families = { $count ->
    [one] { $shown } familia
   *[other] { $shown } familias
}
trust-padron-download = Descargar el padrón (CSV)
trust-padron-print = Imprimir el padrón
trust-padron-print-help = Vista para imprimir: cada hoja lleva el nombre de la organización y su número de página. Use «Imprimir» del navegador (A4 o carta, vertical).
trust-padron-signature = Firma
