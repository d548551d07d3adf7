# Cabildo — mensajes en español (idioma por defecto).
# Cada error lleva el mismo identificador que su código estable en el programa.

## Campos

field-body_name = nombre de la organización
field-body_code = código de la organización
field-body_kind = tipo de organización
field-composition = composición
field-parent = organización superior
field-given_names = nombres
field-first_surname = apellido paterno
field-second_surname = apellido materno
field-full_name = nombre completo
field-id_number = CI
field-phone = celular
field-register_number = N°
field-parcel_code = número de lote
field-area = superficie
field-place = lugar
field-latitude = latitud
field-longitude = longitud
field-affiliated_on = fecha de afiliación
field-sindicato = sindicato
field-sindicato_code = código del sindicato
field-office_title = cargo
field-term_start = inicio de gestión
field-term_end = fin de gestión
field-date = fecha
field-username = usuario
field-password = contraseña
field-token_name = nombre de la clave
field-role = rol
field-public_id = identificador público

## Errores de datos

required = Falta { $field }: es obligatorio.
too_long = { $field } es demasiado largo: como máximo { $max ->
    [one] { $max } carácter.
   *[other] { $max } caracteres.
}
too_short = { $field } es demasiado corto: al menos { $min ->
    [one] { $min } carácter.
   *[other] { $min } caracteres.
}
common_password = Esa contraseña está entre las más usadas y es la primera que prueba un atacante: elija otra, por ejemplo una frase de varias palabras.
control_character = { $field } contiene un carácter de control invisible ({ $code }): escríbalo de nuevo sin él.
invalid = { $field }: «{ $value }» no es válido.
bad_date = { $field }: «{ $value }» no es una fecha; escriba dd/mm/aaaa o aaaa-mm-dd.
bad_number = { $field }: «{ $value }» no es un número.
out_of_range = { $field }: { $value } está fuera del rango permitido ({ $min } a { $max }).
bad_public_id = { $field }: «{ $value }» no es un identificador público; se espera un UUID versión 7 en minúsculas, como 0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f.
bad_chain_head = «{ $value }» no es una cabeza de cadena: se espera CUERPO=CANTIDAD:HUELLA, la cantidad de actas selladas, dos puntos y al menos 16 cifras de la huella de la cadena, como S4=3:9f2c4e1a7b3d5f60.
unknown_body_kind = «{ $value }» no es un tipo de organización; use confederacion, federacion, central, subcentral, sindicato, consejo, parlamento, instrumento, filial, comision u otra.
unknown_composition = «{ $value }» no es una composición; use familias, personas, delegados o abierta.
cycle = No se puede mover { $body } debajo de { $new_parent }: { $new_parent } está dentro de { $body }.
body_closed = { $body } está cerrada: reábrala o elija una organización abierta.
not_household_body = { $body } no está formada por familias: las familias solo se afilian a un sindicato de familias.
not_individual_body = { $body } no está formada por personas: sus miembros entran por sus organizaciones.
affiliation_in_tree = Una organización no puede afiliarse a sí misma ni a otra de su propia rama.
end_before_start = La fecha final { $end } es anterior a la fecha de inicio { $start }.
office_already_ended = El cargo { $title } ya terminó.

## Errores del padrón (archivo)

padron_duplicate_column = La columna «{ $header }» aparece dos veces (las dos significan { $column }).
padron_no_parcel_column = El archivo no tiene columna de número de lote (por ejemplo «Nro. Lote»): las familias pertenecen al sindicato por sus parcelas.
padron_no_name_columns = El archivo no tiene columnas de nombre: ponga «Nombres» y «Apellido Paterno», o una columna «Nombre Completo».
padron_unknown_mapped_header = La asignación «{ $mapping }» nombra una columna que el archivo no tiene.
padron_unknown_mapped_field = La asignación «{ $mapping }» no nombra un campo de Cabildo; los campos son: { $fields }.
padron_empty = El archivo está vacío: no tiene línea de encabezados.

## Errores del registro

unknown_body = No existe la organización «{ $reference }»: indique su número o su código (vea `cabildo body list`).
duplicate_body_code = Ya existe una organización con el código { $code }.
duplicate_parcel_code = El lote { $code } ya existe en { $body }.
has_open_children = { $body } todavía tiene { $count ->
    [one] { $count } organización abierta debajo: ciérrela o muévala primero.
   *[other] { $count } organizaciones abiertas debajo: ciérrelas o muévalas primero.
}
unknown_household = No existe la familia { $id }.
unknown_office = No existe el cargo { $id }.
unknown_affiliation = No existe la afiliación { $id }.
sindicato_outside_target = El sindicato { $reference } no está dentro de { $target }.
ambiguous_sindicato = Hay { $count } sindicatos llamados «{ $name }» dentro de { $target }: agregue una columna «Código Sindicato».
duplicate_parcel_in_file = El lote { $code } de { $body } aparece dos veces en el archivo (la primera en la línea { $first_line }).
register_number_conflict = El N° { $number } de { $body } está dado a dos personas distintas (la primera en la línea { $first_line }).
duplicate_parcel_in_file_earlier = El lote { $code } de { $body } aparece dos veces en el archivo (la primera, más arriba, en otra parte del mismo sindicato).
register_number_conflict_earlier = El N° { $number } de { $body } está dado a dos personas distintas (la primera, más arriba, en otra parte del mismo sindicato).
unreadable_line = No se puede leer la línea: { $reason }
not_text_file = { $path } no es un archivo de texto (CSV): guarde la planilla como CSV.
not_utf8_line = La línea tiene bytes que no son texto UTF-8, mientras el resto del archivo es UTF-8: corrija la línea o guarde de nuevo todo el archivo como UTF-8.
import_running = Otra importación de padrón está en curso en este servidor: inténtelo de nuevo cuando haya terminado.
forbidden = No tiene permiso para esto en { $body }: pida un rol a los dirigentes de la organización.
forbidden_anywhere = No tiene permiso para esto.
sign_in_required = Primero inicie sesión.
bad_credentials = Usuario o contraseña incorrectos.
too_many_attempts = Demasiados intentos fallidos con esta contraseña: se desbloquea a las { $until } (dentro de { $minutes } min).
duplicate_username = Ya existe una cuenta { $username }.
unknown_account = No existe la cuenta { $username }.
account_disabled = Un administrador desactivó esta cuenta: pídale que la vuelva a activar.
cannot_disable_self = No puede desactivar su propia cuenta: pídaselo a otro administrador.
person_has_account = { $name } ya está vinculado a la cuenta { $username }: desvincúlelo allí primero.
unknown_token = Esta cuenta no tiene la clave de API { $id }.
database_not_empty = La base de datos no está vacía: la demostración solo llena una base vacía (use otro --db).
unreadable_file = No se puede leer { $path }: { $reason }
unwritable_file = No se puede escribir { $path }: { $reason }
database_unavailable = No se puede abrir la base de datos: { $reason }
database_ahead = La base de datos fue escrita por un cabildo más nuevo (migración { $found }; este conoce hasta la { $known }): actualice cabildo.
migration_changed = La migración { $migration } fue modificada después de que esta base de datos la aplicó: use un cabildo publicado, cuyas migraciones nunca se editan.
conflict = La base de datos rechazó el cambio: choca con otro cambio hecho en el mismo momento. Recargue la página e inténtelo de nuevo.
internal = Error interno: { $reason }

## Línea de comandos

cli-error = error
cli-usage-date = «{ $value }» no es una fecha; escriba dd/mm/aaaa o aaaa-mm-dd.
cli-usage-number = «{ $value }» no es un número.
cli-migrated = Base de datos en la migración { $version } ({ $applied } aplicadas ahora).
cli-body-created = Creada { $body } con el número { $id }.
cli-body-renamed = { $body } ahora se llama «{ $name }».
cli-body-moved = { $body } movida.
cli-body-closed = { $body } cerrada el { $date }.
cli-body-reopened = { $body } reabierta.
cli-affiliated = Afiliación { $id }: { $member } en { $host } ({ $kind }) desde { $since }.
cli-affiliation-ended = Afiliación { $id } terminada el { $date }.
cli-household-created = Familia { $id } registrada en { $body }.
cli-parcel-created = Lote { $code } agregado a la familia { $household }.
cli-member-added = { $name } es miembro de { $body } desde { $since }.
cli-office-added = Cargo { $id }: { $title } de { $body }, { $name }, desde { $from }.
cli-office-ended = Cargo { $id } terminado el { $date } ({ $reason }).
cli-tree-line = { $indent }{ $name } [{ $code }] — { $kind }, { $members ->
    [one] { $members } miembro
   *[other] { $members } miembros
}{ $closed }
cli-closed-mark = , cerrada
cli-members-under = { $body }: { $members ->
    [one] { $members } miembro.
   *[other] { $members } miembros.
}
cli-level-line = nivel { $depth } — { $kind }: { $bodies ->
    [one] { $bodies } organización
   *[other] { $bodies } organizaciones
}, { $members ->
    [one] { $members } miembro
   *[other] { $members } miembros
}
cli-body-show-title = { $name } [{ $code }] — { $kind } ({ $composition }), número { $id }
cli-body-show-public-id = Identificador público: { $public_id }
cli-body-show-path = Dentro de: { $path }
cli-body-show-members = Miembros en total: { $members }
cli-body-show-children = Organizaciones debajo:
cli-body-show-offices = Directiva:
cli-body-show-office = { $id }. { $title }: { $name } ({ $from } – { $to }){ $ended }
cli-body-show-office-ended = , terminó el { $date } por { $reason }
cli-body-show-affiliations = Afiliaciones:
cli-body-show-affiliation = { $id }. { $direction } { $other } ({ $kind }), desde { $since }{ $until }
cli-affiliation-member-of = miembro de
cli-affiliation-host-of = recibe a
cli-affiliation-until = , hasta { $date }
cli-body-show-history = Historia:
cli-history-created = { $date }: creada
cli-history-renamed = { $date }: renombrada de «{ $from }» a «{ $to }»
cli-history-moved = { $date }: movida de { $from } a { $to }
cli-history-closed = { $date }: cerrada
cli-history-reopened = { $date }: reabierta
cli-history-root = (raíz)
cli-padron-line = { $number } { $name } — lotes: { $parcels } (familia { $id })
cli-padron-empty = Ninguna familia en esta página.
cli-household-show = Familia { $id } en { $body }: { $name }
cli-household-private = CI: { $id_number } · celular: { $phone } · N°: { $number } · afiliación: { $since }
cli-parcel-line = Lote { $code }: { $area } ha, { $place }{ $coordinates }
cli-member-line = { $id }. { $name }, desde { $since }{ $until }
cli-none = —
cli-import-ok = { $rows ->
    [one] Importada { $rows } fila
   *[other] Importadas { $rows } filas
} ({ $encoding }, separador «{ $delimiter }»): { $households_created ->
    [one] { $households_created } familia nueva
   *[other] { $households_created } familias nuevas
}, { $parcels_created ->
    [one] { $parcels_created } lote nuevo
   *[other] { $parcels_created } lotes nuevos
}, { $households_updated ->
    [one] { $households_updated } familia actualizada
   *[other] { $households_updated } familias actualizadas
}, { $parcels_updated ->
    [one] { $parcels_updated } lote actualizado
   *[other] { $parcels_updated } lotes actualizados
}, { $unchanged } sin cambios.
cli-import-ignored = Columnas ignoradas: { $columns }
cli-import-rejected = { $total ->
    [one] { $total } fila con errores; no se importó nada. Corrija el archivo y vuelva a importarlo.
   *[other] { $total } filas con errores; no se importó nada. Corrija el archivo y vuelva a importarlo.
}
cli-import-problem = línea { $line }, columna «{ $column }», valor «{ $value }»: { $reason }
cli-import-problem-line = línea { $line }: { $reason }
cli-import-more = … y { $more } problemas más.
cli-export-ok = Exportadas { $lines ->
    [one] { $lines } línea
   *[other] { $lines } líneas
} a { $path }.
cli-demo-ok = Trópico de demostración: { $bodies } organizaciones, { $offices } cargos, { $households } familias con { $parcels } lotes. Raíz: { $root }.
cli-demo-exists = { $db } ya tiene el Trópico de demostración ({ $members ->
    [one] { $members } miembro
   *[other] { $members } miembros
}); no se cambió nada. Para empezar de nuevo, borre { $db }.
cli-demo-next = Pruebe: cabildo --db { $db } body list --depth 1
cli-demo-csv-ok = Padrón de demostración escrito en { $path }: { $lines ->
    [one] { $lines } línea.
   *[other] { $lines } líneas.
}
cli-user-created = Cuenta { $username } creada (número { $id }).
cli-granted = { $username } es ahora { $role } en { $body } y todo lo que está debajo.
cli-token-created = Token de API para { $username } (guárdelo: no se vuelve a mostrar):
cli-account-line = { $username } ({ $name }) · { $state } · { $roles } · sesiones: { $sessions } · claves de API vigentes: { $tokens } · persona: { $person }
cli-person-line = { $id } · { $name } · { $what }, { $body }
cli-account-linked = Cuenta { $username } vinculada a la persona.
cli-account-unlinked = Cuenta { $username } sin persona vinculada.
cli-account-active = activa
cli-account-disabled = desactivada desde { $at }
cli-account-disabled-now = Cuenta { $username } desactivada: { $sessions } sesiones cerradas, { $tokens } claves de API revocadas.
cli-account-enabled = Cuenta { $username } activada de nuevo.
cli-sessions-ended = { $count ->
    [one] { $count } sesión de { $username } cerrada.
   *[other] { $count } sesiones de { $username } cerradas.
}
cli-token-line = { $id } · { $name } · creada { $created } · { $state }
cli-token-revoked-at = revocada { $at }
cli-token-revoked = Clave de API { $id } de { $username } revocada.
cli-bad-trusted-proxy = «{ $value }» no es una dirección ni una red (escriba por ejemplo 127.0.0.1 o 10.0.0.0/8).
cli-audit-line = { $at } · { $actor } · { $action } · { $detail }
cli-demo-accounts = Cuentas de demostración (contraseña «{ $password }» para todas):
cli-demo-account =   { $username }: { $role } en { $body }
cli-serving = Cabildo atiende en { $address } (base de datos { $db }). Ctrl-C para detenerlo.
cli-progress-rows = filas

## Web pages

web-login = Iniciar sesión
web-logout = Salir
web-other-language = English
web-bodies = Organizaciones
web-no-bodies = Todavía no tiene un rol en ninguna organización: pídalo a sus dirigentes.
web-tree-truncated = Las organizaciones de niveles más bajos están en la página de cada una.
web-closed = cerrada
web-members = { $count ->
    [one] { $count } miembro
   *[other] { $count } miembros
}
web-padron = Padrón
web-sub-bodies = Organizaciones de base
web-directiva = Directiva
web-holder = Titular
web-term = Gestión
web-none = Ninguno.
web-affiliations = Afiliaciones
web-search = Buscar
web-search-placeholder = Nombre o número de lote
web-no-households = Ninguna familia.
web-name = Nombre
web-parcels = Lotes
web-previous = Anterior
web-next = Siguiente
web-page = Página
web-setup-title = Primera cuenta
web-setup-intro = Esta base de datos no tiene cuentas todavía. Cree la cuenta del primer administrador: tendrá el rol de administrador en todas las organizaciones raíz.
web-setup-create = Crear la cuenta
web-display-name = Nombre completo
web-error-not-found = No encontrado
web-error-forbidden = Sin permiso
web-error-server = Error del servidor
web-error-refused = No se pudo hacer
web-back-to-bodies = Volver a las organizaciones
web-page-not-found = La página { $path } no existe.
web-bad-value = «{ $field }» no tiene un valor válido: corríjalo en la dirección o en el formulario e intente de nuevo.
web-bad-form = El formulario llegó incompleto o en un formato desconocido: envíelo de nuevo desde su página.
web-internal-error = Algo falló en el servidor y no se hizo nada. Intente de nuevo en un momento; si vuelve a pasar, dé a quien administra Cabildo esta referencia: { $reference }.
web-unavailable-error = La base de datos no responde en este momento y no se hizo nada. Intente de nuevo en un momento (referencia { $reference }).
web-uploaded-file = el archivo subido
kind-confederacion = Confederación
kind-federacion = Federación
kind-central = Central
kind-subcentral = Subcentral
kind-sindicato = Sindicato
kind-consejo = Consejo
kind-parlamento = Parlamento
kind-instrumento = Instrumento político
kind-filial = Filial
kind-comision = Comisión
kind-otra = Organización
web-new-household = Registrar una familia
web-new-parcel = Agregar un lote
web-household = Familia
web-new-body = Crear una organización de base
web-rename-body = Cambiar el nombre
web-new-office = Agregar un cargo a la directiva
web-save = Guardar
web-composition-default = Según el tipo
composition-households = Familias
composition-individuals = Personas
composition-delegates = Delegados de organizaciones
composition-open = Abierta
web-import-title = Importar el padrón
web-import = Importar
web-import-problems = Filas con errores
web-line = Línea
web-column = Columna
web-value = Valor
web-reason = Qué corregir
field-file = Archivo CSV del padrón
field-mappings = Columnas con otros nombres (una por línea: Encabezado=campo)
web-audit = Historial de cambios
web-when = Cuándo
web-who = Quién
web-what = Qué
web-public-page = Página pública
web-publish = Publicar una página pública
web-unpublish = Retirar la página pública
web-edit = Editar
web-edit-household = Editar los datos de la familia
web-end-office = Concluir el cargo
web-end = Concluir
web-end-term = Fin de gestión
web-end-resignation = Renuncia
web-end-recall = Revocatoria
field-reason = motivo
field-on = fecha de conclusión
web-move-body = Mover a otra organización
web-move = Mover
web-choose = Elija una…
web-close-body = Cerrar la organización

## Accounts
acc-accounts = Cuentas
acc-my-account = Mi cuenta
acc-person = Persona
acc-no-person = Sin vincular a una persona
acc-person-explained = La persona del padrón o de la directiva a quien pertenece la cuenta: firma las actas con su nombre y su cargo, y ve el registro de su familia.
acc-no-linkable = Nadie que vincular: la cuenta no tiene roles en un organismo con directiva o familias.
acc-person-choose = Vincular con
acc-person-save = Guardar la persona
acc-family = familia
acc-family-numbered = familia N° { $number }
acc-roles = Roles
acc-state = Estado
acc-active = Activa
acc-disabled = Desactivada
acc-created = Creada
acc-sessions-count = Sesiones abiertas: { $count }
acc-tokens-count = Claves de API vigentes: { $count }
acc-enable = Activar la cuenta
acc-disable = Desactivar la cuenta
acc-disable-explained = Desactivar la cuenta cierra al instante todas sus sesiones y revoca todas sus claves de API; no podrá iniciar sesión hasta que se la vuelva a activar.
acc-sessions = Sesiones abiertas
acc-since = Desde
acc-until = hasta
acc-this-session = esta sesión
acc-end-other-sessions = Cerrar mis otras sesiones
acc-end-sessions = Cerrar todas sus sesiones
acc-tokens = Claves de API
acc-revoked = Revocada
acc-revoke = Revocar
acc-new-token = Crear una clave de API
acc-confirm-password = Su contraseña, para confirmar
acc-create-token = Crear la clave
acc-token-shown-once = Copie esta clave ahora: no se volverá a mostrar. Quien la tenga actúa en su nombre a través de la API.
