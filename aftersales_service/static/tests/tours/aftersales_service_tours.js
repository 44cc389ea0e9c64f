import { registry } from "@web/core/registry";

// The current stage's button, or the single dropdown the statusbar folds into when its
// stages do not fit on one line (the fold depends on the window's width and fonts).
function atStage(stage) {
    return (
        `.o_statusbar_status button.o_arrow_button_current:contains(${stage}), ` +
        `.o_statusbar_status button.dropdown-toggle:not(.o_arrow_button):contains(${stage})`
    );
}

// These tours rely on the data created by aftersales_service/tests/test_tours.py.

function selectMany2one(field, text) {
    return [
        {
            content: `type ${text} in ${field}`,
            timeout: 30000,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `choose ${text}`,
            timeout: 30000,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("aftersales_register_dispatch", {
    url: "/odoo/action-aftersales_service.aftersales_service_request_action",
    steps: () => [
        {
            content: "create a service request",
            timeout: 30000,
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        ...selectMany2one("partner_id", "Harbour Bakery"),
        ...selectMany2one("lot_id", "PSN-A-0001"),
        {
            content: "the product follows the serial number",
            timeout: 30000,
            trigger: ".o_field_widget[name=product_id] input:value(Portal Split AC 3.5kW)",
        },
        {
            content: "describe the fault",
            timeout: 30000,
            trigger: ".o_field_html[name=fault_description] .odoo-editor-editable",
            run: "editor Compressor does not start",
        },
        {
            content: "open the dispatch tab",
            timeout: 30000,
            trigger: ".o_notebook a.nav-link:contains(Dispatch and Deadlines)",
            run: "click",
        },
        ...selectMany2one("technician_id", "Portal Test Technician"),
        {
            content: "dispatch (saves the request)",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_dispatch]",
            run: "click",
        },
        {
            content: "the request is dispatched",
            timeout: 30000,
            trigger: atStage("Dispatched"),
        },
        {
            content: "the arrival deadline is shown",
            timeout: 30000,
            trigger: ".o_field_widget[name=arrival_deadline]:not(:empty)",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_carry_in", {
    steps: () => [
        {
            content: "the unit cannot be fixed on site",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_carry_in]",
            run: "click",
        },
        {
            content: "the repair order opens",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate]",
        },
        {
            content: "its unit is the carried-in serial",
            timeout: 30000,
            trigger: ".o_form_view .o_field_widget[name=lot_id]:contains(PSN-A-0001), .o_form_view .o_field_widget[name=lot_id] input:value(PSN-A-0001)",
        },
        {
            content: "confirm the repair",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "start the repair",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_repair_start]",
            run: "click",
        },
        {
            content: "end the repair",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_repair_end]:visible",
            run: "click",
        },
        {
            content: "the repair is done",
            timeout: 30000,
            trigger: atStage("Repaired"),
        },
        {
            content: "back to the service request",
            timeout: 30000,
            trigger: ".o_breadcrumb a:contains(/^SR/)",
            run: "click",
        },
        {
            content: "the request is in the workshop",
            timeout: 30000,
            trigger: atStage("In Workshop"),
        },
        {
            content: "the supervisor checks the repaired unit",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_verify_repair]",
            run: "click",
        },
        {
            content: "verified: the unit may now go back to the customer",
            timeout: 30000,
            trigger:
                ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_verify_repair])) button[name=action_return_unit]",
            run: "click",
        },
        {
            content: "the unit is back with the customer",
            timeout: 30000,
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_return_unit]))",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_portal_request", {
    url: "/my/service_requests",
    steps: () => [
        {
            content: "ask for a repair",
            timeout: 30000,
            trigger: "a.o_aftersales_new_request",
            run: "click",
        },
        {
            content: "choose the unit",
            timeout: 30000,
            trigger: "select[name=lot_id]",
            run: "selectByLabel PSN-A-0001",
        },
        {
            content: "describe the fault",
            timeout: 30000,
            trigger: "textarea[name=fault]",
            run: "edit Ice on the pipes since this morning",
        },
        {
            content: "send",
            timeout: 30000,
            trigger: "button.o_aftersales_submit_request",
            run: "click",
        },
        {
            content: "the request is registered",
            timeout: 30000,
            trigger: ".alert-success:contains(has been registered)",
        },
        {
            content: "its deadlines are shown",
            timeout: 30000,
            trigger: ".o_aftersales_deadlines:contains(Promised Completion)",
        },
        {
            content: "back to the list",
            timeout: 30000,
            trigger: ".o_portal_submenu a[href='/my/service_requests']",
            run: "click",
        },
        {
            content: "open the finished job",
            timeout: 30000,
            trigger: "tr.o_aftersales_portal_request:contains(To Sign) a",
            run: "click",
        },
        {
            content: "sign the service confirmation",
            timeout: 30000,
            trigger: "a.o_aftersales_sign",
            run: "click",
        },
        {
            timeout: 30000,
            trigger: ".modal .o_web_sign_name_and_signature input:value(Alice Baker)",
        },
        {
            content: "choose a signature style",
            timeout: 30000,
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "style 2",
            timeout: 30000,
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "submit the signature once the name is drawn on it",
            timeout: 30000,
            trigger: ".modal .o_portal_sign_submit:enabled",
            async run() {
                // the name is drawn in a web font, once it is loaded
                const canvas = document.querySelector(".modal canvas.o_web_sign_signature");
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                for (let i = 0; i < 300 && canvas.toDataURL() === blank.toDataURL(); i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                this.anchor.click();
            },
        },
        {
            content: "the confirmation is signed",
            timeout: 30000,
            trigger: ".o_aftersales_signed:contains(Signed by)",
        },
    ],
});

registry.category("web_tour.tours").add("aftersales_portal_provider", {
    url: "/my/provider/jobs",
    steps: () => [
        {
            content: "open the dispatched job",
            timeout: 30000,
            trigger: "tr.o_aftersales_portal_job:contains(Hillside Clinic) a",
            run: "click",
        },
        {
            content: "describe the work done",
            timeout: 30000,
            trigger: "textarea[name=work_done]",
            run: "edit New remote paired with the unit",
        },
        {
            content: "hours spent",
            timeout: 30000,
            trigger: "input[name=time_spent]",
            run: "edit 2",
        },
        {
            content: "confirm completion",
            timeout: 30000,
            trigger: "button.o_aftersales_confirm_completion",
            run: "click",
        },
        {
            content: "the job is done",
            timeout: 30000,
            trigger: ".alert-success:contains(the job is recorded as done)",
        },
        {
            content: "its state is Done",
            timeout: 30000,
            trigger: ".o_aftersales_portal_job_detail .o_aftersales_state:contains(Done)",
        },
    ],
});
