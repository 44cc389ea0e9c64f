import { registry } from "@web/core/registry";

// The current stage's button, or the single dropdown the statusbar folds into when its
// stages do not fit on one line (the fold depends on the window's width and fonts).
function atStage(stage) {
    return (
        `.o_statusbar_status button.o_arrow_button_current:contains(${stage}), ` +
        `.o_statusbar_status button.dropdown-toggle:not(.o_arrow_button):contains(${stage})`
    );
}

// Relies on the complaint created by aftersales_complaint/tests/test_tours.py.
//
// The flow a person decides: the GM office registers the products and passes the form on;
// Quality writes the root cause and saves (the form moves on by itself); Sales records
// the negotiation and the proposed decision and saves (it moves on to the GM office by
// itself); the GM office submits; the approver approves. One page, no tabs to open.

function save(stage) {
    return [
        {
            content: "save",
            timeout: 30000,
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: `the form passed on by itself to ${stage}`,
            timeout: 30000,
            trigger: atStage(stage),
        },
    ];
}

registry.category("web_tour.tours").add("aftersales_complaint_resolution", {
    steps: () => [
        {
            content: "the complaint is registered",
            timeout: 30000,
            trigger: atStage("Registered"),
        },
        {
            content: "the form says what the registration needs",
            timeout: 30000,
            trigger: ".o_form_view div[name=stage_hint]:contains(pass the form on to Quality)",
        },
        {
            content: "add a product line",
            timeout: 30000,
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "type the product",
            timeout: 30000,
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=product_id] input",
            run: "edit Tour Complaint Panel",
        },
        {
            content: "choose the product",
            timeout: 30000,
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Complaint Panel)",
            run: "click",
        },
        {
            content: "two panels are defective",
            timeout: 30000,
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=defective_qty] input",
            run: "edit 2",
        },
        {
            content: "describe the defect",
            timeout: 30000,
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_field_widget[name=defect] input",
            run: "edit Mounted on the wrong wall",
        },
        {
            content: "the GM office passes the form on",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_next_stage]",
            run: "click",
        },
        {
            content: "the complaint is at Quality",
            timeout: 30000,
            trigger: atStage("Quality Investigation"),
        },
        {
            content: "the total defective quantity follows the line",
            timeout: 30000,
            trigger: ".o_field_widget[name=defective_qty]:contains(2.00)",
        },
        {
            content: "no Pass On at Quality: saving the root cause passes the form on",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_next_stage]))",
        },
        {
            content: "the form says Quality's work is the root cause",
            timeout: 30000,
            trigger: ".o_form_view div[name=stage_hint]:has(.o_stage_hint_quality):contains(root cause)",
        },
        {
            content: "Quality writes the root cause",
            timeout: 30000,
            trigger: ".o_field_html[name=root_cause] .odoo-editor-editable",
            run: "editor Installer used the wrong refrigerant",
        },
        ...save("Sales Negotiation"),
        {
            content: "Sales proposes: not established",
            timeout: 30000,
            trigger: ".o_field_widget[name=decision_type] input[data-value=not_established]",
            run: "click",
        },
        {
            content: "Sales records the negotiation",
            timeout: 30000,
            trigger: ".o_field_html.o_required_modifier[name=negotiation_result] .odoo-editor-editable",
            run: "editor Inspection shown; the customer agrees",
        },
        ...save("GM Office Opinion"),
        {
            content: "submit for approval",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit_approval]",
            run: "click",
        },
        {
            content: "approve",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "the decision is approved",
            timeout: 30000,
            trigger: atStage("Approved"),
        },
        {
            content: "run the resolution",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_resolve]",
            run: "click",
        },
        {
            content: "close the case",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            content: "the complaint is closed",
            timeout: 30000,
            trigger: atStage("Closed"),
        },
    ],
});
