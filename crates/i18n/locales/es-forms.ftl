## Formularios: el resumen de problemas, fechas que no existen

form-problems = { $count ->
    [one] El formulario tiene un problema:
   *[other] El formulario tiene { $count } problemas:
}
no_such_date = { $field }: el { $value } no existe.
form-required-note = Los campos marcados con * son obligatorios.

## La página de una organización

web-manage-body = Administrar
affiliation-kind-full = afiliación plena
affiliation-kind-observer = observadora
web-close-body-confirm = Una organización cerrada ya no recibe familias, cargos ni asambleas nuevas; su historia se conserva. ¿Cerrar { $body }?
web-close-body-named = Cerrar { $body }
web-end-office-confirm = { $holder } deja de ser { $office } en la fecha indicada. El cargo queda en la historia de la organización.
web-end-office-named = Concluir: { $office }, { $holder }
cli-bad-public-url = «{ $value }» no es una dirección pública: escriba algo como https://cabildo.ejemplo.bo
web-public-assemblies = Convocatorias
