from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "programme",
    "step",
    "principle",
    "participationkind",
    "partner",
    "action",
    "progressnote",
    "evidencelink",
    "metric",
    "measurement",
    "timelineentry",
]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    """The HYTE coordinator keeps the programme in the admin: every permission on the ladder's models."""
    # Permissions are normally created after all migrations have run; create them now so they can be granted.
    app_config = apps.get_app_config("ladder")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_to_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_to_group(Group, Permission) -> None:
    """Give the hyte group the programme's permissions (which exist); tests.conftest does it again after a flush."""
    group, _created = Group.objects.get_or_create(name="hyte")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="ladder", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="hyte"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="ladder"))


class Migration(migrations.Migration):
    dependencies = [
        ("ladder", "0001_initial"),
        ("osallisuus", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
