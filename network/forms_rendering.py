"""Every form on the site, ours and allauth's, renders its fields one way: label, help,
the error beside the field, then the input. https://docs.djangoproject.com/en/5.2/ref/forms/renderers/"""

from django.forms.renderers import TemplatesSetting


class NetworkFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
