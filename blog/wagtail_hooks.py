"""The blog's hooks into the Wagtail admin.
https://docs.wagtail.org/en/stable/reference/hooks.html"""

from wagtail import hooks

from blog.review_notifying import mark_read_on_opening

hooks.register("before_edit_page", mark_read_on_opening)
