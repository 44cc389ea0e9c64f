"""Records that no user can bend once confirmed: one pattern for every money, ledger,
stock and numbered document of the after-sales addons.

A model inheriting ``aftersales.frozen.mixin`` declares:

* ``_frozen_states``: the states in which a record is frozen (confirmed, approved, posted,
  done...). A frozen record refuses ``write`` of any field outside
  ``_frozen_writable_fields`` and refuses ``unlink``, whatever the user's group.
* ``_frozen_initial_states``: the states a record may be created in (usually ``draft``).
* ``_frozen_parent_field``: for lines, the document whose freezing freezes them too (a line
  of a confirmed settlement); lines cannot be added to a frozen document either, and a
  line never moves to another document.
* ``_frozen_system_fields``: fields only the model's own steps set, in any state (who
  approved, the links to bills and runs, the document's number...): a client can neither
  give them at create nor write them.

The state field (``_frozen_state_field``) never moves by ``write`` from outside: it moves
only inside the model's own steps, the methods decorated with :func:`frozen_step` (the
``action_*`` buttons, crons and the processing they call). Python code outside those steps,
and every RPC call (``/web/dataset/call_kw``, ``/jsonrpc``), can neither write the state,
nor create a record in a later state, nor touch a frozen record. The permission lives in a
:class:`contextvars.ContextVar`, which no client can set (unlike the context). A module's
data files (its demo documents in their later states) load before the registry serves any
request: code, not a client, so they are not checked.
"""

import contextvars
import functools
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

_IN_STEP = contextvars.ContextVar("aftersales_frozen_step", default=False)

# chatter and activity bookkeeping is no fact of the document
MAIL_FIELDS = frozenset(
    {
        "message_main_attachment_id",
        "message_follower_ids",
        "message_ids",
        "activity_ids",
        "website_message_ids",
    }
)


@contextmanager
def frozen_steps():
    """Run a block as one of the models' own steps (state changes and processing allowed)."""
    token = _IN_STEP.set(True)
    try:
        yield
    finally:
        _IN_STEP.reset(token)


def frozen_step(method):
    """Decorate a model's own step: it may move states and write frozen records.

    Such a method checks by itself who may run it and from which state. Its records come
    without repeated ids (``action_confirm([7, 7])`` over RPC would otherwise run the step
    twice on the same document after one check: two bills, two reversals).
    """

    @functools.wraps(method)
    def step(*args, **kwargs):
        if (
            args
            and isinstance(args[0], models.BaseModel)
            and len(set(args[0]._ids)) < len(args[0]._ids)
        ):
            records = args[0]
            args = (records.browse(dict.fromkeys(records._ids)), *args[1:])
        with frozen_steps():
            return method(*args, **kwargs)

    return step


def in_frozen_step():
    return _IN_STEP.get()


def without_defaults(records, fnames):
    """``records`` without the context defaults (``default_<field>``) of ``fnames``.

    Odoo applies a context's defaults after ``create`` has checked the values it was given:
    a client could set a state, an approval or a link there (``create(vals,
    context={"default_state": "approved"})``). Fields only the steps set take no default
    from a context, inside the steps too (a client's context reaches the records its
    button creates).
    """
    context = records.env.context
    keys = [key for key in context if key.startswith("default_") and key[8:] in fnames]
    if not keys:
        return records
    return records.with_context({key: value for key, value in context.items() if key not in keys})


def field_labels(records, fnames):
    """The labels of ``fnames`` of ``records``' model in the reader's language, joined for
    a message."""
    return ", ".join(records._fields[f]._description_string(records.env) for f in fnames)


def changed_fields(records, vals, fnames):
    """The names of ``fnames`` whose value in ``vals`` differs from one of ``records``'
    (an empty value written over an empty one is no change)."""
    return sorted(
        fname
        for fname in fnames
        if fname in vals
        and any(
            records._fields[fname].convert_to_write(rec[fname], rec) != vals[fname]
            and (rec[fname] or vals[fname])
            for rec in records
        )
    )


def check_links_unchanged(records, vals, fnames):
    """Refuse a write of ``vals`` that changes one of ``fnames`` (links an Odoo record
    such as a transfer or a stock move has to the after-sales document that made it)
    outside the after-sales steps."""
    if in_frozen_step() or not records.pool.ready:
        return
    changed = changed_fields(records, vals, fnames)
    if changed:
        raise UserError(
            records.env._(
                "%(fields)s of %(name)s are set by the after-sales steps that made it.",
                fields=field_labels(records, changed),
                name=records[:1].display_name,
            )
        )


class AftersalesFrozenMixin(models.AbstractModel):
    _name = "aftersales.frozen.mixin"
    _inherit = ["aftersales.state.mixin"]
    _description = "After-Sales Records Frozen Once Confirmed"

    _frozen_state_field = "state"
    _frozen_states = ()
    _frozen_initial_states = ("draft",)
    _frozen_writable_fields = frozenset()
    _frozen_parent_field = None
    # a line never moves to another document (False: it may, between documents not frozen)
    _frozen_parent_fixed = True
    _frozen_system_fields = frozenset()
    # given when the record is made, then changed by the steps only (whom it judges, what
    # it belongs to)
    _frozen_fixed_fields = frozenset()

    # ------------------------------------------------------------------ helpers
    def _frozen_free(self):
        """Inside one of the model's own steps, or while Odoo loads a module's data files
        (the registry is not serving requests yet: code writes, no client can)."""
        return in_frozen_step() or not self.pool.ready

    def _frozen_state_label(self, record=None):
        record = record or self
        if not self._frozen_state_field:
            return self.env._("Invoiced")
        field = record._fields[self._frozen_state_field]
        value = record[self._frozen_state_field]
        return dict(field._description_selection(self.env)).get(value, value)

    def _frozen_records(self):
        """The records of ``self`` that are frozen, by their own state or their parent's."""
        state = self._frozen_state_field
        frozen = self.filtered(lambda rec: state and rec[state] in self._frozen_states)
        if self._frozen_parent_field:
            parents = self.mapped(self._frozen_parent_field)
            if isinstance(parents, AftersalesFrozenMixin):
                frozen_parents = parents._frozen_records()
                frozen |= self.filtered(lambda rec: rec[self._frozen_parent_field] & frozen_parents)
        return frozen

    def _aftersales_files_locked(self):
        """The records of ``self`` whose files (attachments) are part of them: the frozen
        ones (see ``ir.attachment``)."""
        return self._frozen_records()

    def _frozen_error(self, record, operation):
        """The refusal of ``operation`` (``write``, ``unlink`` or ``lines``) on ``record``."""
        values = {
            "document": self.env["ir.model"]._get(record._name).name,
            "name": record.display_name,
            "state": record._frozen_state_label(),
        }
        if operation == "unlink":
            message = self.env._(
                "%(document)s %(name)s is %(state)s and cannot be deleted: record a "
                "correction (a reversal, a credit note or a new document) instead.",
                **values,
            )
        elif operation == "lines":
            message = self.env._(
                "%(document)s %(name)s is %(state)s: no line can be added to it any more.",
                **values,
            )
        else:
            message = self.env._(
                "%(document)s %(name)s is %(state)s and cannot be changed: record a "
                "correction (a reversal, a credit note or a new document) instead.",
                **values,
            )
        return UserError(message)

    def _frozen_system_error(self, fnames):
        return UserError(
            self.env._(
                "%(fields)s of %(document)s are set by the system only.",
                fields=", ".join(
                    sorted(self._fields[f]._description_string(self.env) for f in fnames)
                ),
                document=self.env["ir.model"]._get(self._name).name,
            )
        )

    # ------------------------------------------------------------------ ORM
    def _frozen_protected_fields(self):
        """The fields a client never gives a new record: the system fields and a state
        of the record's own."""
        state = self._frozen_state_field
        if state and not self._fields[state].related:
            return self._frozen_system_fields | {state}
        return self._frozen_system_fields

    @api.model_create_multi
    def create(self, vals_list):
        self = without_defaults(self, self._frozen_protected_fields())
        if not self._frozen_free():
            system = self._frozen_system_fields
            for vals in vals_list:
                given = [f for f in system & set(vals) if vals[f]]
                if given:
                    raise self._frozen_system_error(given)
            state = self._frozen_state_field or "id"
            field = self._fields[state]
            allowed = self._frozen_initial_states
            for vals in vals_list:
                if vals.get(state) and vals[state] not in allowed and not field.related:
                    labels = dict(field._description_selection(self.env))
                    raise UserError(
                        self.env._(
                            "A new %(document)s starts as %(allowed)s, not %(state)s: its "
                            "state moves only through its buttons.",
                            document=self.env["ir.model"]._get(self._name).name,
                            allowed=" / ".join(labels.get(s, s) for s in allowed),
                            state=labels.get(vals[state], vals[state]),
                        )
                    )
            parent_field = self._frozen_parent_field
            if parent_field:
                Parent = self.env[self._fields[parent_field].comodel_name]
                # the document may come from the context's default as well
                default = self.env.context.get(f"default_{parent_field}")
                parents = Parent.browse(
                    {v.get(parent_field, default) for v in vals_list} - {False, None}
                )
                frozen = parents._frozen_records()
                if frozen:
                    raise frozen._frozen_error(frozen[0], "lines")
        return super().create(vals_list)

    def write(self, vals):
        if not self._frozen_free() and self:
            state = self._frozen_state_field or "id"
            field = self._fields[state]
            if state in vals:
                # a related state (a line's) is its document's: it moves with the document
                changing = self.filtered(lambda rec: rec[state] != vals[state])
                if changing:
                    labels = dict(field._description_selection(self.env))
                    raise UserError(
                        self.env._(
                            "%(document)s %(name)s cannot be set to %(state)s directly: "
                            "use its buttons.",
                            document=self.env["ir.model"]._get(self._name).name,
                            name=changing[0].display_name,
                            state=labels.get(vals[state], vals[state]),
                        )
                    )
            # a line stays on the document it was made for: moved onto another one it
            # would change that document's amounts behind its checks (or land on a
            # confirmed one)
            parent = self._frozen_parent_field
            if parent and parent in vals:
                moved = self.filtered(lambda rec: rec[parent].id != vals[parent])
                if moved and not self._frozen_parent_fixed:
                    # lines that may go where they belong between open documents, never
                    # onto a frozen one (leaving a frozen one is refused below)
                    target = self[parent].browse(vals[parent])._frozen_records()
                    if target:
                        raise target._frozen_error(target, "lines")
                    moved = self.browse()
                if moved:
                    raise UserError(
                        self.env._(
                            "%(line)s belongs to %(document)s: a line cannot be moved to "
                            "another document; delete it and add a new line there.",
                            line=moved[0].display_name,
                            document=moved[0][parent].display_name,
                        )
                    )
            # a stored copy of another record's field (a line's customer, its complaint's
            # class) follows that record: written here it would only differ from it; the
            # fixed fields, given at creation, move in the steps only
            system = (self._frozen_system_fields | self._frozen_fixed_fields) & set(vals) | {
                fname
                for fname in vals
                if fname != state
                and fname in self._fields
                and self._fields[fname].related
                and self._fields[fname].store
                and self._fields[fname].readonly
            }
            changed = changed_fields(self, vals, system)
            if changed:
                raise self._frozen_system_error(changed)
            protected = set(vals) - self._frozen_writable_fields - MAIL_FIELDS - {state}
            if protected:
                frozen = self._frozen_records()
                if frozen:
                    raise self._frozen_error(frozen[0], "write")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        if self._frozen_free():
            return
        frozen = self._frozen_records()
        if frozen:
            raise self._frozen_error(frozen[0], "unlink")
