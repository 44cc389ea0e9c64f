from odoo import api, fields, models
from odoo.tools import SQL, format_date

SERVICE_CLASSES = [
    ("A", "A - Paid Service"),
    ("B", "B - Contract Service"),
    ("C", "C - Free Warranty Service"),
    ("D", "D - Internal Work"),
]


def _int_array(ids):
    """PostgreSQL array literal of integer ids (one parameter instead of one per id)."""
    return "{%s}" % ",".join(str(int(i)) for i in ids)


class AftersalesCoverage(models.AbstractModel):
    """Coverage API: which service class applies to a unit on a date, and why.

    Every method works on many records at once with a fixed number of queries:
    the lots' stored warranty dates are read in one go and the running contracts
    are found with one search.
    """

    _name = "aftersales.coverage"
    _description = "After-Sales Coverage API"

    @api.private  # for other addons' code, not a client's call (it reads as superuser)
    @api.model
    def lot_coverage(self, lots, on_date=None):
        """Coverage of each lot on ``on_date`` (today by default).

        :param lots: ``stock.lot`` recordset
        :return: ``{lot.id: {"service_class", "warranty_state", "reason",
                  "contract_id", "warranty_end"}}``
        """
        on_date = (
            fields.Date.to_date(on_date) or self.env["res.company"]._aftersales_default_today()
        )
        lots = lots.sudo()
        rows = self._lot_rows(lots)
        contracts = self._running_contracts(rows, on_date)
        texts = self._verdict_texts()
        names = self._verdict_names(rows)
        result = {}
        for row in rows:
            contract = contracts.get(row[0])
            result[row[0]] = self._lot_verdict(row, on_date, contract, texts, names)
        return result

    @api.private  # for other addons' code, not a client's call (it reads as superuser)
    @api.model
    def product_coverage(self, pairs, on_date=None):
        """Coverage for units known only by product and customer.

        :param pairs: iterable of ``(product_id, partner_id)``
        :return: ``{(product_id, partner_id): verdict}``; the best verdict of the
                 customer's serials of that product, else a product contract, else A.
        """
        on_date = (
            fields.Date.to_date(on_date) or self.env["res.company"]._aftersales_default_today()
        )
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
        texts = self._verdict_texts()
        names = {"contract": {}}
        result = {}
        for key in pairs:
            verdict = by_pair.get(key)
            if verdict and verdict["service_class"] in ("B", "C"):
                result[key] = verdict
                continue
            contract = contracts.get(key)
            if contract:
                result[key] = self._contract_verdict(
                    contract, "under_contract", False, names=names, texts=texts
                )
            elif verdict:
                result[key] = verdict
            else:
                result[key] = {
                    "service_class": "A",
                    "warranty_state": "unknown",
                    "reason": texts["no_registration"],
                    "reason_parts": [["no_registration", {}]],
                    "contract_id": False,
                    "warranty_end": False,
                }
        return result

    # ------------------------------------------------------------------ helpers
    _LOT_COLUMNS = (
        "product_id",
        "aftersales_partner_id",
        "aftersales_warranty_start",
        "aftersales_warranty_end",
        "aftersales_void_exclusion_id",
        "aftersales_no_warranty",
    )

    def _lot_rows(self, lots):
        """``(id, product, customer, start, end, void exclusion, no warranty)`` per lot,
        ids for the relations; one query for stored lots (no per-field ORM access)."""
        if all(isinstance(lot_id, int) for lot_id in lots._ids):
            lot_model = self.env["stock.lot"]
            lot_model.flush_model(self._LOT_COLUMNS)
            found = {
                row[0]: row
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id, %s FROM stock_lot WHERE id = ANY(%s::int[])",
                        SQL(", ").join(SQL.identifier(c) for c in self._LOT_COLUMNS),
                        _int_array(lots._ids),
                    )
                )
            }
            return [found[lot_id] for lot_id in dict.fromkeys(lots._ids) if lot_id in found]
        return [
            (
                lot.id,
                lot.product_id.id,
                lot.aftersales_partner_id.id,
                lot.aftersales_warranty_start,
                lot.aftersales_warranty_end,
                lot.aftersales_void_exclusion_id.id,
                lot.aftersales_no_warranty,
            )
            for lot in lots
        ]

    def _verdict_texts(self):
        """The verdict sentences, translated once per call and formatted per lot."""
        return {
            "void": self.env._("Warranty void: %(reason)s."),
            "no_warranty": self.env._("Product %(product)s is excluded from warranty."),
            "unknown": self.env._(
                "Warranty start unknown: no delivery, invoice or installation date is recorded."
            ),
            "in_warranty": self.env._("In warranty until %(end)s."),
            "expired": self.env._("Warranty expired on %(end)s."),
            "paid": self.env._("%(reason)s Paid service."),
            "contract": self.env._("Covered by service contract %(name)s until %(end)s."),
            "no_registration": self.env._(
                "No serial number of this product is registered for the customer "
                "and no contract covers it: paid service."
            ),
            "internal": self.env._("Internal work."),
            "no_product": self.env._("No product given: paid service."),
        }

    @api.private  # for other addons' code, not a client's call (it reads as superuser)
    @api.model
    def reason_texts(self, parts_list):
        """The sentences of verdicts' ``reason_parts`` in the environment's language
        (the reader's), dates as the language writes them; one read per kind of record
        named. ``parts_list``: a list of ``reason_parts``; returns a list of strings."""
        ids = {"void": set(), "no_warranty": set(), "contract": set()}
        for parts in parts_list:
            for key, params in parts or ():
                if key in ids:
                    ids[key].add(next(iter(params.values())))
        exclusions = self.env["aftersales.warranty.exclusion"].sudo().browse(ids["void"])
        products = self.env["product.product"].sudo().browse(ids["no_warranty"])
        contracts = self.env["aftersales.contract"].sudo().browse(ids["contract"]).exists()
        names = {
            "exclusion": {exclusion.id: exclusion.name for exclusion in exclusions.exists()},
            "product": {product.id: product.display_name for product in products.exists()},
            "contract": {contract.id: (contract.name, contract.date_end) for contract in contracts},
        }
        texts = self._verdict_texts()

        def day(value):
            return format_date(self.env, value)

        return [self._reason_text(parts, texts, names, day) for parts in parts_list]

    @api.model
    def _reason_text(self, parts, texts, names, day=str):
        """One verdict's sentence from its ``reason_parts`` (``[[key, params], ...]``: the
        unit's warranty, then "paid" or the contract that covers it)."""
        text = ""
        for key, params in parts or ():
            if key == "paid":
                text = texts["paid"] % {"reason": text}
            elif key == "contract":
                name, end = names["contract"].get(params["contract_id"], ("", False))
                sentence = texts["contract"] % {"name": name, "end": end and day(end)}
                text = f"{text} {sentence}".strip()
            elif key == "void":
                text = texts["void"] % {
                    "reason": names["exclusion"].get(params["exclusion_id"], "")
                }
            elif key == "no_warranty":
                text = texts["no_warranty"] % {
                    "product": names["product"].get(params["product_id"], "")
                }
            elif key == "text":  # a reason stored as text before (migration 18.0.1.4.0)
                text = params["text"]
            elif key in ("in_warranty", "expired"):
                text = texts[key] % {"end": day(fields.Date.to_date(params["end"]))}
            else:
                text = texts[key]
        return text

    def _verdict_names(self, rows):
        """Names quoted by the void and no-warranty verdicts, read in one go."""
        exclusions = (
            self.env["aftersales.warranty.exclusion"]
            .sudo()
            .browse({row[5] for row in rows if row[5]})
        )
        products = (
            self.env["product.product"]
            .sudo()
            .browse({row[1] for row in rows if row[6] and not row[5]})
        )
        return {
            "exclusion": {exclusion.id: exclusion.name for exclusion in exclusions},
            "product": {product.id: product.display_name for product in products},
            "contract": {},
        }

    def _lot_verdict(self, row, on_date, contract, texts, names):
        __, product_id, __, start, end, exclusion_id, no_warranty = row
        if exclusion_id:
            state, parts = "void", [["void", {"exclusion_id": exclusion_id}]]
        elif no_warranty:
            state, parts = "no_warranty", [["no_warranty", {"product_id": product_id}]]
        elif not start:
            state, parts = "unknown", [["unknown", {}]]
        elif on_date <= end:
            parts = [["in_warranty", {"end": fields.Date.to_string(end)}]]
            return {
                "service_class": "C",
                "warranty_state": "in_warranty",
                "reason": self._reason_text(parts, texts, names),
                "reason_parts": parts,
                "contract_id": contract.id if contract else False,
                "warranty_end": end,
            }
        else:
            state, parts = "expired", [["expired", {"end": fields.Date.to_string(end)}]]
        end = end or False
        if contract:
            return self._contract_verdict(contract, "under_contract", end, parts, names, texts)
        parts.append(["paid", {}])
        return {
            "service_class": "A",
            "warranty_state": state,
            "reason": self._reason_text(parts, texts, names),
            "reason_parts": parts,
            "contract_id": False,
            "warranty_end": end,
        }

    def _contract_verdict(self, contract, state, end, prefix=(), names=None, texts=None):
        """Verdict of a unit covered by ``contract``, after the ``prefix`` reason parts of
        its own warranty; ``names`` keeps the contracts' names across the units of one
        call."""
        names = names if names is not None else {"contract": {}}
        names["contract"].setdefault(contract.id, (contract.name, contract.date_end))
        parts = [*prefix, ["contract", {"contract_id": contract.id}]]
        return {
            "service_class": "B",
            "warranty_state": state,
            "reason": self._reason_text(parts, texts or self._verdict_texts(), names),
            "reason_parts": parts,
            "contract_id": contract.id,
            "warranty_end": end,
        }

    def _running_contracts(self, rows, on_date):
        """Running contract per lot id, by serial first, then by product and owner.

        :param rows: lot rows of :meth:`_lot_rows`
        """
        if not rows:
            return {}
        contract_model = self.env["aftersales.contract"].sudo()
        contract_model.flush_model(["lot_ids"])
        by_serial = self.env.execute_query(
            SQL(
                "SELECT DISTINCT contract_id FROM aftersales_contract_stock_lot_rel "
                "WHERE lot_id = ANY(%s::int[])",
                _int_array(row[0] for row in rows if isinstance(row[0], int)),
            )
        )
        domain = contract_model._aftersales_running_domain(on_date) + [
            "|",
            ("id", "in", [contract_id for (contract_id,) in by_serial]),
            "&",
            ("product_ids", "in", list({row[1] for row in rows if row[1]})),
            ("partner_id", "in", list({row[2] for row in rows if row[2]})),
        ]
        contracts = contract_model.search(domain, order="date_end desc, id")
        by_lot, by_product_partner = {}, {}
        for contract in contracts:
            for lot_id in contract.lot_ids.ids:
                by_lot.setdefault(lot_id, contract)
            for product_id in contract.product_ids.ids:
                by_product_partner.setdefault((product_id, contract.partner_id.id), contract)
        return {
            row[0]: by_lot.get(row[0]) or by_product_partner.get((row[1], row[2] or False))
            for row in rows
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
