# Spanish as the network's readers write it in the U.S. and Mexico: 12,345.67, as
# Django's es_MX formats have it (Django's es, Spain's, is 12 345,67). Dates keep
# Django's Spanish formats: "12 de noviembre de 2025".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
