from odoo import api, fields, models

SERVICE_CLASSES = [
    ("A", "A - Paid Service"),
    ("B", "B - Contract Service"),
    ("C", "C - Free Warranty Service"),
    ("D", "D - Internal Work"),
]


class AftersalesCoverage(models.AbstractModel):
    """Coverage API: which service class applies to a unit on a date, and why.

    Every method works on many records at once with a fixed number of queries:
    the lots' stored warranty dates are read in one go and the running contracts
    are found with one search.
    """

    _name = "aftersales.coverage"
    _description = "After-Sales Coverage API"

    @api.model
    def lot_coverage(self, lots, on_date=None):
        """Coverage of each lot on ``on_date`` (today by default).

        :param lots: ``stock.lot`` recordset
        :return: ``{lot.id: {"service_class", "warranty_state", "reason",
                  "contract_id", "warranty_end"}}``
        """
        on_date = fields.Date.to_date(on_date) or fields.Date.context_today(self)
        lots = lots.sudo()
        contracts = self._running_contracts(lots, on_date)
        result = {}
        for lot in lots:
            contract = contracts.get(lot.id)
            result[lot.id] = self._lot_verdict(lot, on_date, contract)
        return result

    @api.model
    def product_coverage(self, pairs, on_date=None):
        """Coverage for units known only by product and customer.

        :param pairs: iterable of ``(product_id, partner_id)``
        :return: ``{(product_id, partner_id): verdict}``; the best verdict of the
                 customer's serials of that product, else a product contract, else A.
        """
        on_date = fields.Date.to_date(on_date) or fields.Date.context_today(self)
        pairs = {(p, c) for p, c in pairs if p}
        if not pairs:
            return {}
        product_ids = {p for p, __ in pairs}
        partner_ids = {c for __, c in pairs if c}
        lots = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("product_id", "in", list(product_ids)),
                    ("aftersales_partner_id", "in", list(partner_ids)),
                ]
            )
            if partner_ids
            else self.env["stock.lot"]
        )
        lot_verdicts = self.lot_coverage(lots, on_date)
        by_pair = {}
        rank = {"C": 0, "B": 1, "A": 2}
        for lot in lots:
            key = (lot.product_id.id, lot.aftersales_partner_id.id)
            verdict = lot_verdicts[lot.id]
            best = by_pair.get(key)
            if not best or rank[verdict["service_class"]] < rank[best["service_class"]]:
                by_pair[key] = verdict
        contracts = self._product_contracts(product_ids, partner_ids, on_date)
        result = {}
        for key in pairs:
            verdict = by_pair.get(key)
            if verdict and verdict["service_class"] in ("B", "C"):
                result[key] = verdict
                continue
            contract = contracts.get(key)
            if contract:
                result[key] = self._contract_verdict(contract, "under_contract", False)
            elif verdict:
                result[key] = verdict
            else:
                result[key] = {
                    "service_class": "A",
                    "warranty_state": "unknown",
                    "reason": self.env._(
                        "No serial number of this product is registered for the customer "
                        "and no contract covers it: paid service."
                    ),
                    "contract_id": False,
                    "warranty_end": False,
                }
        return result

    # ------------------------------------------------------------------ helpers
    def _lot_verdict(self, lot, on_date, contract):
        end = lot.aftersales_warranty_end
        if lot.aftersales_void_exclusion_id:
            state = "void"
            reason = self.env._(
                "Warranty void: %(reason)s.", reason=lot.aftersales_void_exclusion_id.name
            )
        elif lot.aftersales_no_warranty:
            state = "no_warranty"
            reason = self.env._("Product %(product)s is excluded from warranty.",
                                product=lot.product_id.display_name)
        elif not lot.aftersales_warranty_start:
            state = "unknown"
            reason = self.env._("Warranty start unknown: no delivery, invoice or "
                                "installation date is recorded.")
        elif on_date <= end:
            return {
                "service_class": "C",
                "warranty_state": "in_warranty",
                "reason": self.env._("In warranty until %(end)s.", end=end),
                "contract_id": contract.id if contract else False,
                "warranty_end": end,
            }
        else:
            state = "expired"
            reason = self.env._("Warranty expired on %(end)s.", end=end)
        if contract:
            return self._contract_verdict(contract, "under_contract", end, reason)
        return {
            "service_class": "A",
            "warranty_state": state,
            "reason": self.env._("%(reason)s Paid service.", reason=reason),
            "contract_id": False,
            "warranty_end": end,
        }

    def _contract_verdict(self, contract, state, end, prefix=""):
        reason = self.env._(
            "Covered by service contract %(name)s until %(end)s.",
            name=contract.name,
            end=contract.date_end,
        )
        return {
            "service_class": "B",
            "warranty_state": state,
            "reason": f"{prefix} {reason}".strip(),
            "contract_id": contract.id,
            "warranty_end": end,
        }

    def _running_contracts(self, lots, on_date):
        """Running contract per lot id, by serial first, then by product and owner."""
        if not lots:
            return {}
        contract_model = self.env["aftersales.contract"].sudo()
        domain = contract_model._aftersales_running_domain(on_date) + [
            "|",
            ("lot_ids", "in", lots.ids),
            "&",
            ("product_ids", "in", lots.product_id.ids),
            ("partner_id", "in", lots.aftersales_partner_id.ids),
        ]
        contracts = contract_model.search(domain, order="date_end desc, id")
        by_lot, by_product_partner = {}, {}
        for contract in contracts:
            for lot_id in contract.lot_ids.ids:
                by_lot.setdefault(lot_id, contract)
            for product_id in contract.product_ids.ids:
                by_product_partner.setdefault((product_id, contract.partner_id.id), contract)
        return {
            lot.id: by_lot.get(lot.id)
            or by_product_partner.get((lot.product_id.id, lot.aftersales_partner_id.id))
            for lot in lots
        }

    def _product_contracts(self, product_ids, partner_ids, on_date):
        contract_model = self.env["aftersales.contract"].sudo()
        contracts = contract_model.search(
            contract_model._aftersales_running_domain(on_date)
            + [
                ("partner_id", "in", list(partner_ids)),
                "|",
                ("product_ids", "in", list(product_ids)),
                ("lot_ids.product_id", "in", list(product_ids)),
            ],
            order="date_end desc, id",
        )
        result = {}
        for contract in contracts:
            for product in contract.product_ids | contract.lot_ids.product_id:
                result.setdefault((product.id, contract.partner_id.id), contract)
        return result
