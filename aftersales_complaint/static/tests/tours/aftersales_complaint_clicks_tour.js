import { registry } from "@web/core/registry";

// A quality complaint from the list's New button to the approved decision, one person
// writing every unit's part (the readme's click count). Each step that acts says how many
// mouse clicks a person makes for it: typing is not counted, nor a click into a field the
// form has already focused (the step checks the focus). The last step fails the tour when
// the flow takes more clicks than CLICK_BUDGET.
//
// Relies on the customer, product and department made by
// aftersales_complaint/tests/test_tours.py (test_complaint_decided_within_the_click_budget).

const CLICK_BUDGET = 20;
let clicks = 0;

// ``step`` acted on with ``count`` clicks
function act(count, step) {
    const run = step.run;
    return {
        timeout: 30000,
        ...step,
        async run(helpers) {
            clicks += count;
            if (typeof run === "function") {
                return run.call(this, helpers);
            }
            const [action, ...rest] = run.split(" ");
            return helpers[action](rest.join(" "));
        },
    };
}

function check(content, trigger) {
    return { content, trigger, timeout: 30000 };
}

const ROW = ".o_data_row.o_selected_row";

registry.category("web_tour.tours").add("aftersales_complaint_clicks", {
    steps: () => [
        act(1, {
            content: "New complaint",
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        }),
        // registration: the customer field has the focus, the rest is on the same page
        act(0, {
            content: "type the customer (the field is focused)",
            trigger: ".o_field_widget[name=partner_id] input:focus",
            run: "edit Clicks Customer",
        }),
        act(1, {
            content: "choose the customer",
            trigger: ".o-autocomplete--dropdown-item a:contains(Clicks Customer)",
            run: "click",
        }),
        act(1, {
            content: "what the customer demands",
            trigger: ".o_field_widget[name=customer_demand] textarea",
            run: "edit A discount on the next order",
        }),
        act(1, {
            content: "what the customer complains about",
            trigger: ".o_field_html[name=description] .odoo-editor-editable",
            run: "editor The panels crack after a week",
        }),
        act(1, {
            content: "add a product line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        }),
        act(0, {
            content: "type the product (the new line's product is focused)",
            trigger: `.o_field_widget[name=line_ids] ${ROW} .o_field_widget[name=product_id] input:focus`,
            run: "edit Clicks Panel",
        }),
        act(1, {
            content: "choose the product",
            trigger: ".o-autocomplete--dropdown-item a:contains(Clicks Panel)",
            run: "click",
        }),
        act(1, {
            content: "two panels are defective",
            trigger: `.o_field_widget[name=line_ids] ${ROW} .o_field_widget[name=defective_qty] input`,
            run: "edit 2",
        }),
        act(1, {
            content: "the defect",
            trigger: `.o_field_widget[name=line_ids] ${ROW} .o_field_widget[name=defect] input`,
            run: "edit Cracked",
        }),
        // the units' work, written by the same person on the same page
        act(1, {
            content: "Quality's root cause",
            trigger: ".o_field_html[name=root_cause] .odoo-editor-editable",
            run: "editor Resin cured too fast",
        }),
        act(1, {
            content: "Manufacturing's analysis",
            trigger: ".o_field_html[name=manufacturing_note] .odoo-editor-editable",
            run: "editor Line 2, night shift, oven at 190 degrees",
        }),
        act(1, {
            content: "R&D's opinion",
            trigger: ".o_field_html[name=rd_note] .odoo-editor-editable",
            run: "editor Lower the curing temperature",
        }),
        act(1, {
            content: "add a responsible department",
            trigger: ".o_field_widget[name=responsibility_ids] .o_field_x2many_list_row_add a",
            run: "click",
        }),
        act(0, {
            content: "type the department (the new line's department is focused)",
            trigger: `.o_field_widget[name=responsibility_ids] ${ROW} .o_field_widget[name=department_id] input:focus`,
            run: "edit Clicks Production",
        }),
        act(1, {
            content: "choose the department (its share is 100 % already)",
            trigger: ".o-autocomplete--dropdown-item a:contains(Clicks Production)",
            run: "click",
        }),
        act(1, {
            content: "Sales' decision: an allowance (one click on the choice)",
            trigger: ".o_field_widget[name=decision_type] input[data-value=allowance]",
            run: "click",
        }),
        act(1, {
            content: "its amount",
            trigger: ".o_field_widget[name=decision_amount] input",
            run: "edit 300",
        }),
        act(1, {
            content: "Sales' negotiation",
            trigger: ".o_field_html[name=negotiation_result] .odoo-editor-editable",
            run: "editor The customer accepts 300 off the next order",
        }),
        act(1, {
            content: "the GM office's opinion",
            trigger: ".o_field_html[name=decision_note] .odoo-editor-editable",
            run: "editor Agreed: an allowance of 300",
        }),
        act(1, {
            content: "Pass On: the form goes through every unit whose work is written",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_next_stage]",
            run: "click",
        }),
        check(
            "the form reached the GM office's opinion",
            ".o_form_view .o_statusbar_buttons button[name=action_submit_approval]"
        ),
        act(1, {
            content: "submit the decision for approval",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit_approval]",
            run: "click",
        }),
        act(1, {
            content: "approve",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        }),
        check(
            "the decision is approved",
            ".o_form_view .o_statusbar_buttons button[name=action_resolve]"
        ),
        {
            content: "count the clicks",
            trigger: ".o_form_view",
            run() {
                console.info(`aftersales complaint decided in ${clicks} clicks`);
                if (clicks > CLICK_BUDGET) {
                    throw new Error(
                        `the complaint took ${clicks} clicks to a decision (budget ${CLICK_BUDGET})`
                    );
                }
            },
        },
    ],
});
