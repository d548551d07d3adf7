# Consultas of the bases: fields, rules and errors.

## Fields

field-consulta_kind = kind of consulta
field-aggregation_rule = how answers are added up
field-question = question
field-deadline = deadline
field-consulta_option = options
field-base_kind = who answers
