# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# what a service manager keeps up to date for the technicians, without the rights of an
# administrator over users
TECHNICIAN_PROFILE_FIELDS = frozenset(
    {
        "aftersales_labour_rate",
        "aftersales_categ_ids",
        "aftersales_zone_ids",
        "aftersales_van_location_id",
    }
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _aftersales_lang_env(self):
        """The environment speaking this user's language: what the system writes for the
        user (the title and note of an activity assigned to them) is translated with
        ``user._aftersales_lang_env()._(...)``, whoever or whatever (a scheduled action, a
        customer on the portal) makes it. Without a user or a language: the current one."""
        return self.partner_id[:1]._aftersales_lang_env()

    aftersales_labour_rate = fields.Float(
        string="Labour Cost per Hour",
        groups="base.group_system,aftersales_service.group_aftersales_manager",
        help="Cost of an hour of this technician's work, for the cost of free (warranty and "
        "contract) work; empty: the company's rate.",
    )
    aftersales_categ_ids = fields.Many2many(
        "product.category",
        "aftersales_user_product_category_rel",
        "user_id",
        "categ_id",
        string="Serves Product Categories",
        help="The product categories (and their subcategories) this technician is trained "
        "for; empty: every product.",
    )
    aftersales_zone_ids = fields.Many2many(
        "aftersales.zone",
        "aftersales_user_zone_rel",
        "user_id",
        "zone_id",
        string="Serves Zones",
        help="The service zones this technician covers; empty: every zone.",
    )
    aftersales_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        domain="[('usage', '=', 'internal')]",
        help="The stock location of the parts this technician carries: the parts used on "
        "the jobs are taken from it; empty: from the company's warehouse.",
    )

    def write(self, vals):
        if (
            vals
            and set(vals) <= TECHNICIAN_PROFILE_FIELDS
            and not self.env.su
            and not self.env.user.has_group("base.group_erp_manager")
            and self.env.user.has_group("aftersales_service.group_aftersales_manager")
            and not any(user.share for user in self.sudo())
        ):
            # a service manager keeps the technicians' profiles: these fields only
            return super(ResUsers, self.sudo()).write(vals)
        return super().write(vals)

    def _aftersales_refusal(self, product, zone):
        """Why this technician may not take a job on ``product`` in ``zone`` (None: may)."""
        self.ensure_one()
        user = self.sudo()
        if product and user.aftersales_categ_ids:
            parents = product.categ_id.parent_path and product.categ_id.parent_path.split("/")
            if not set(map(str, user.aftersales_categ_ids.ids)) & set(parents or []):
                return self.env._(
                    "%(technician)s does not serve %(category)s products.",
                    technician=user.name,
                    category=product.categ_id.display_name,
                )
        if zone and user.aftersales_zone_ids and zone not in user.aftersales_zone_ids:
            return self.env._(
                "%(technician)s does not serve the zone %(zone)s.",
                technician=user.name,
                zone=zone.display_name,
            )
        return None
