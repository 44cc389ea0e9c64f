"""Facts that judge people are evidence, not notes.

The done, dispatch and arrival dates, the overdue flag, the hours spent and the customer's
signature feed lateness penalties, scores and settlements. A model inheriting
``aftersales.evidence.mixin`` lists them in ``_evidence_fields`` (field name -> the states
in which it is evidence, or ``None`` for always). Outside the model's own steps (see
``aftersales.frozen.mixin``), such a field that already holds a value:

* cannot be changed by the person it judges (``_evidence_subject_field``, a user field),
  nor set by that person while it is still empty: the facts judging someone are not typed
  by them;
* can be corrected by an after-sales manager only, who gives the reason in the context
  key ``aftersales_correction_reason`` (the *Correct* wizard does); the change and its
  reason are posted in the chatter.
"""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .aftersales_frozen_mixin import field_labels, in_frozen_step, without_defaults

CORRECTION_GROUP = "aftersales_service.group_aftersales_manager"


class AftersalesEvidenceMixin(models.AbstractModel):
    _name = "aftersales.evidence.mixin"
    _description = "After-Sales Evidence Fields"

    _evidence_fields = {}
    _evidence_subject_field = None
    # evidence that nobody types, even before it holds a value (scores computed from answers)
    _evidence_guard_empty = frozenset()

    def _evidence_subject(self, record):
        """Whether the current user is the person ``record``'s evidence judges."""
        subject = self._evidence_subject_field
        return bool(subject and record[subject] and record[subject] == self.env.user)

    def _evidence_guarded(self, vals):
        """``{record: [field names]}`` of the evidence in ``vals`` that would change."""
        guarded = {}
        for fname, states in self._evidence_fields.items():
            if fname not in vals:
                continue
            field = self._fields[fname]
            for record in self:
                if states is not None and record.state not in states:
                    continue
                old = record[fname]
                if (
                    not old
                    and fname not in self._evidence_guard_empty
                    and not self._evidence_subject(record)
                ):
                    continue
                if field.convert_to_write(old, record) == vals[fname]:
                    continue
                guarded.setdefault(record, []).append(fname)
        return guarded

    @api.model_create_multi
    def create(self, vals_list):
        """The facts the steps record are not given to a new record either: a request
        registered as already arrived would escape its late-arrival penalty."""
        guarded = self._evidence_guard_empty
        if guarded:
            self = without_defaults(self, guarded)
            if not (in_frozen_step() or self.env.su or not self.pool.ready):
                given = sorted({f for vals in vals_list for f in guarded if vals.get(f)})
                if given:
                    raise UserError(
                        self.env._(
                            "%(fields)s of %(document)s are recorded by its steps.",
                            fields=field_labels(self, given),
                            document=self.env["ir.model"]._get(self._name).name,
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if in_frozen_step() or self.env.su or not self._evidence_fields:
            return super().write(vals)
        guarded = self._evidence_guarded(vals)
        if not guarded:
            return super().write(vals)
        labels = {
            fname: self._fields[fname]._description_string(self.env)
            for fnames in guarded.values()
            for fname in fnames
        }
        for record, fnames in guarded.items():
            if self._evidence_subject(record):
                raise UserError(
                    self.env._(
                        "%(fields)s of %(name)s judge your own work: you cannot change them.",
                        fields=", ".join(labels[f] for f in fnames),
                        name=record.display_name,
                    )
                )
        if not self.env.user.has_group(CORRECTION_GROUP):
            record, fnames = next(iter(guarded.items()))
            raise AccessError(
                self.env._(
                    "%(fields)s of %(name)s are evidence: only an after-sales manager may "
                    "correct them, with a reason.",
                    fields=", ".join(labels[f] for f in fnames),
                    name=record.display_name,
                )
            )
        reason = (self.env.context.get("aftersales_correction_reason") or "").strip()
        if not reason:
            record, fnames = next(iter(guarded.items()))
            raise UserError(
                self.env._(
                    "Give the reason for correcting %(fields)s of %(name)s.",
                    fields=", ".join(labels[f] for f in fnames),
                    name=record.display_name,
                )
            )
        before = {
            record: {fname: record[fname] for fname in fnames} for record, fnames in guarded.items()
        }
        result = super().write(vals)
        for record, values in before.items():
            changes = "; ".join(
                f"{labels[fname]}: {old} → {record[fname]}" for fname, old in values.items()
            )
            record.message_post(
                body=self.env._(
                    "Evidence corrected by %(user)s (%(changes)s). Reason: %(reason)s",
                    user=self.env.user.name,
                    changes=changes,
                    reason=reason,
                )
            )
        return result
