"""The base of every form on the site: Flask-WTF's, reading only the posted fields unless the form
takes a file.

Flask-WTF hands a form the request's files together with its fields, so a file posted under a
field's name (no browser does it, a hostile client may) would reach a text field, where validators
such as Length break on it with a 500. Only forms with a file field read files here.
"""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import CombinedMultiDict


class Form(FlaskForm):
    class Meta:
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict) and not any(
                    isinstance(field, FileField) for field in form):
                return request.form
            return wrapped
