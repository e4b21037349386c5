import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("policy_pages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="audience",
            name="title_en",
            field=models.CharField(
                blank=True,
                help_text="Shown on English pages. Empty: the name above is shown.",
                max_length=100,
                verbose_name="name in English",
            ),
        ),
        migrations.AlterField(
            model_name="audience",
            name="group",
            field=models.ForeignKey(
                blank=True,
                help_text="Members of this group must confirm (for staff).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="auth.group",
                verbose_name="group that must confirm",
            ),
        ),
    ]
