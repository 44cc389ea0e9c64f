from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from .aftersales_frozen_mixin import field_labels

# what every portal document shows or needs (portal.mixin, monetary display, chatter)
PORTAL_BASE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "name",
        "state",
        "partner_id",
        "company_id",
        "currency_id",
        "access_url",
        "access_token",
        "access_warning",
        "create_date",
        "write_date",
    }
)


class AftersalesPortalFieldsMixin(models.AbstractModel):
    """Portal users (customers, providers) read only the fields their portal pages show.

    Their record rules give them their own documents, but a model-wide read right would
    also let them read, over RPC, every internal field of those documents (root cause,
    decision notes, losses, costs...). Here every field outside :meth:`_portal_fields`
    is refused to a portal user, whatever the way it is read (``read``, ``search_read``,
    ``web_read``, a domain, a record's attribute): a new field is internal until added
    to the list.
    """

    _name = "aftersales.portal.fields.mixin"
    _description = "After-Sales Fields Readable on the Portal"

    def _aftersales_portal_reader(self):
        """Whether the fields read are limited: a user outside the company's staff (portal
        or public: the stored ``share`` of ``res.users``, read from the record cache; Odoo's
        ``_is_portal`` checks the groups through a cache whose key binding costs more than
        the read itself, and this check runs for every field of every query)."""
        return not self.env.su and self.env.user.share

    def _portal_fields(self):
        """Names of the fields a portal user may read; extend with ``super()``."""
        return set(PORTAL_BASE_FIELDS)

    def _portal_allowed_fields(self):
        # the fields of the default order too: a portal search is sorted by them
        order_fields = {
            term.strip().split()[0] for term in (self._order or "").split(",") if term.strip()
        }
        allowed = self._portal_fields() | order_fields
        if getattr(self, "_aftersales_token_owned", False):
            # the customer's key: read by the steps (sudo), never by a portal user
            allowed.discard("access_token")
        return allowed

    def _fetch_field(self, field):
        """Prefetch, for a portal user, only the fields the portal may read."""
        if not self._aftersales_portal_reader():
            return super()._fetch_field(field)
        self.check_field_access_rights("read", [field.name])
        allowed = self._portal_allowed_fields()
        fnames = [field.name]
        if self.env.context.get("prefetch_fields", True) and field.prefetch:
            fnames += [
                name
                for name, f in self._fields.items()
                if f.prefetch == field.prefetch
                and name in allowed
                and name != field.name
                and f.is_accessible(self.env)
            ]
        self.fetch(fnames)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        """Odoo adds the stored dependencies of computed fields to a fetch: for a portal
        user, only the readable ones (the others are read by the sudo computation)."""
        fields_to_fetch = super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache=ignore_when_in_cache
        )
        if not self._aftersales_portal_reader():
            return fields_to_fetch
        allowed = self._portal_allowed_fields()
        return [field for field in fields_to_fetch if field.name in allowed]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A portal user's search filters on the fields the portal reads only: a condition
        on another one (``message_ids.body`` of the internal notes, a cost) would tell its
        value one guess at a time."""
        if self._aftersales_portal_reader() and domain:
            allowed = self._portal_allowed_fields()
            denied = sorted(
                {
                    leaf[0].split(".")[0]
                    for leaf in expression.normalize_domain(domain)
                    if expression.is_leaf(leaf)
                    and isinstance(leaf[0], str)
                    and leaf[0].split(".")[0] in self._fields
                    and leaf[0].split(".")[0] not in allowed
                }
            )
            if denied:
                raise self._portal_denied_error(denied)
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def _portal_denied_error(self, denied):
        return AccessError(
            self.env._(
                "This page of %(document)s is internal to the company (%(fields)s): your "
                "portal shows what concerns you.",
                fields=field_labels(self, denied),
                document=self.env["ir.model"]._get(self._name).name,
            )
        )

    def check_field_access_rights(self, operation, field_names):
        result = super().check_field_access_rights(operation, field_names)
        if not self._aftersales_portal_reader():
            return result
        allowed = self._portal_allowed_fields()
        if not field_names:
            return [name for name in result if name in allowed]
        denied = sorted(
            name for name in field_names if name in self._fields and name not in allowed
        )
        if denied:
            raise self._portal_denied_error(denied)
        return result
