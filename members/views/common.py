from unionhub.models import Union


def system_unions(union):
    """Every union of the tree `union` belongs to (a transfer may go anywhere inside the system)."""
    root = union.path.strip("/").split("/")[0]
    return Union.objects.filter(path__startswith=f"/{root}/")
