from django.apps import apps
from django.contrib import admin

# Every register in the back office. (Not through rights.registers: that imports the forms, which must
# be built after unionhub's ready() gives every CharField its control-character check.)
for _model in apps.get_app_config("rights").get_models():
    if not _model.__name__.endswith("History"):
        admin.site.register(_model)
