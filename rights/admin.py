from django.contrib import admin

from rights.registers import REGISTERS

for _register in REGISTERS.values():
    admin.site.register(_register.model)
