import { registry } from "@web/core/registry";

// The portal's self-service flows as a customer and a provider click them on a phone
// (aftersales_service/tests/test_tours_self_service.py runs them at 390x844 and checks
// the database afterwards; the data comes from tests/portal_common.py).

// a 1x1 PNG: the tour cannot open the phone's file chooser, so it puts the file the
// customer would have picked into the input, as the browser does after the choice
const PIXEL =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

function attachPng(name) {
    return async function () {
        const blob = await (await fetch(PIXEL)).blob();
        const dt = new DataTransfer();
        dt.items.add(new File([blob], name, { type: "image/png" }));
        this.anchor.files = dt.files;
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

// date and time inputs take their value whole (typing digits one by one into them is
// not what a phone's date picker does)
function setValue(value) {
    return function () {
        this.anchor.value = typeof value === "function" ? value() : value;
        this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

// a day ahead of today in the browser's calendar, as YYYY-MM-DD
function inDays(days) {
    return () => {
        const day = new Date();
        day.setDate(day.getDate() + days);
        const pad = (n) => String(n).padStart(2, "0");
        return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
    };
}

// each tour first checks it runs at a phone's width, and waits for each step as long as
// a loaded test machine needs (waiting for the element, never sleeping)
function phoneTour(name, url, steps) {
    registry.category("web_tour.tours").add(name, {
        url,
        steps: () =>
            [
                {
                    content: "the window is as wide as a phone",
                    trigger: "body",
                    run() {
                        if (window.innerWidth > 400) {
                            throw new Error(`the window is ${window.innerWidth} px wide`);
                        }
                    },
                },
                ...steps(),
            ].map((step) => ({ timeout: 30000, ...step })),
    });
}

function visitSteps(dayId, fromId, toId, days) {
    return [
        { content: "the day", trigger: `input#${dayId}`, run: setValue(inDays(days)) },
        { content: "from", trigger: `input#${fromId}`, run: setValue("14:00") },
        { content: "to", trigger: `input#${toId}`, run: setValue("16:00") },
    ];
}

phoneTour("aftersales_warranty_lookup", "/warranty", () => [
    {
        content: "type the serial number from the label (any case)",
        trigger: "input#aftersales_serial",
        run: "edit psn-a-0001",
    },
    {
        content: "look it up",
        trigger: ".o_aftersales_warranty_lookup form button[type=submit]",
        run: "click",
    },
    {
        content: "the unit is found with its product",
        trigger: ".o_aftersales_lookup_unit:contains(PSN-A-0001):contains(Portal Split AC 3.5kW)",
    },
    {
        content: "its warranty status",
        trigger: ".o_aftersales_lookup_unit .o_aftersales_lookup_state:contains(In Warranty)",
    },
    {
        content: "and the day it ends",
        trigger: ".o_aftersales_lookup_unit:contains(Warranty ends on)",
    },
    {
        content: "nothing of its owner",
        trigger: ".o_aftersales_warranty_lookup:not(:contains(Harbour Bakery))",
    },
    {
        content: "request service",
        trigger: ".o_aftersales_warranty_lookup a[href^='/my/service_requests/new']",
        run: "click",
    },
    {
        content: "a visitor signs in first",
        trigger: "form.oe_login_form input[name=login]",
    },
]);

phoneTour("aftersales_unit_register", "/my/units", () => [
    {
        content: "register a unit bought in a shop",
        trigger: "a.o_aftersales_register_unit",
        run: "click",
    },
    {
        content: "the product",
        trigger: ".o_aftersales_register_form select[name=product_id]",
        run: "selectByLabel Portal Split AC 3.5kW",
    },
    {
        content: "the serial number on the label",
        trigger: ".o_aftersales_register_form input[name=serial]",
        run: "edit PSN-NEW-0001",
    },
    {
        content: "the purchase date",
        trigger: ".o_aftersales_register_form input[name=purchase_date]",
        run: setValue(inDays(-30)),
    },
    {
        content: "the shop",
        trigger: ".o_aftersales_register_form input[name=seller]",
        run: "edit Foshan Appliance Mall",
    },
    {
        content: "a photo of the receipt",
        trigger: ".o_aftersales_register_form input[name=proof]",
        run: attachPng("receipt.png"),
    },
    {
        content: "register",
        trigger: ".o_aftersales_register_form button[type=submit]",
        run: "click",
    },
    {
        content: "the registration is received",
        trigger: ".alert-success:contains(your registration was received)",
    },
    {
        content: "it waits for the desk's check",
        trigger: ".o_aftersales_registrations li:contains(PSN-NEW-0001):contains(To Verify)",
    },
]);

phoneTour("aftersales_unit_verified", "/my/units", () => [
    {
        content: "the verified unit is in My Units, in warranty",
        trigger: "a.o_aftersales_unit_card:contains(PSN-NEW-0001):contains(In Warranty)",
    },
    {
        content: "no registration is waiting any more",
        trigger: "body:not(:has(.o_aftersales_registrations))",
    },
    {
        content: "open the unit",
        trigger: "a.o_aftersales_unit_card:contains(PSN-NEW-0001)",
        run: "click",
    },
    {
        content: "its page, with the warranty from the purchase date",
        trigger: ".o_aftersales_unit:contains(PSN-NEW-0001):contains(Warranty Start)",
    },
    {
        content: "its certificate can be downloaded",
        trigger: ".o_aftersales_unit a.o_aftersales_certificate",
    },
]);

phoneTour("aftersales_customer_visit", "/my/service_requests/new", () => [
    {
        content: "choose the unit",
        trigger: ".o_aftersales_new_request_form select[name=lot_id]",
        run: "selectByLabel PSN-A-0001",
    },
    {
        content: "describe the fault",
        trigger: ".o_aftersales_new_request_form textarea[name=fault]",
        run: "edit No cooling since yesterday",
    },
    ...visitSteps("visit_day", "visit_from", "visit_to", 3),
    {
        content: "send",
        trigger: "button.o_aftersales_submit_request",
        run: "click",
    },
    {
        content: "the request is registered",
        trigger: ".alert-success:contains(has been registered)",
    },
    {
        content: "with the visit asked for",
        trigger: ".o_aftersales_visit_time:contains(Visit)",
    },
    {
        content: "which can still be moved or cancelled",
        trigger: ".o_aftersales_change_request .o_aftersales_rebook_form",
    },
]);

phoneTour("aftersales_customer_rebook_cancel", undefined, () => [
    ...visitSteps("rebook_day", "rebook_from", "rebook_to", 4),
    {
        content: "move the visit",
        trigger: ".o_aftersales_rebook_form button[type=submit]",
        run: "click",
    },
    {
        content: "the visit is moved",
        trigger: ".alert-success:contains(The visit is moved)",
    },
    {
        content: "say why the request is cancelled",
        trigger: ".o_aftersales_cancel_form textarea[name=reason]",
        run: "edit The breaker was off: it works again",
    },
    {
        content: "cancel the request",
        trigger: ".o_aftersales_cancel_form button[type=submit]",
        run: "click",
    },
    {
        content: "the request is cancelled",
        trigger: ".alert-info:contains(The request is cancelled)",
    },
    {
        content: "nothing left to change",
        trigger: ".o_aftersales_portal_request_detail:not(:has(.o_aftersales_change_request))",
    },
]);

function openJob() {
    return {
        content: "open the job dispatched to us",
        trigger: "a.o_aftersales_portal_job_card:contains(Hillside Clinic)",
        run: "click",
    };
}

phoneTour("aftersales_provider_accept_book", "/my/provider/jobs", () => [
    openJob(),
    {
        content: "take the job",
        trigger: ".o_aftersales_job_answer button.o_aftersales_accept_job",
        run: "click",
    },
    {
        content: "the job is accepted",
        trigger: ".alert-success:contains(You accepted the job)",
    },
    ...visitSteps("appointment_day", "appointment_from", "appointment_to", 2),
    {
        content: "save the appointment agreed with the customer",
        trigger: "button.o_aftersales_book",
        run: "click",
    },
    {
        content: "the appointment is saved",
        trigger: ".alert-success:contains(The appointment is saved)",
    },
    {
        content: "and shown on the job",
        trigger: ".o_aftersales_job_appointment p:contains(16:00)",
    },
]);

phoneTour("aftersales_provider_decline", "/my/provider/jobs", () => [
    openJob(),
    {
        content: "say why the job cannot be taken",
        trigger: ".o_aftersales_decline_form textarea[name=reason]",
        run: "edit No technician free this week",
    },
    {
        content: "decline",
        trigger: "button.o_aftersales_decline_job",
        run: "click",
    },
    {
        content: "the job is no longer ours",
        trigger: ".alert-info:contains(There are currently no jobs dispatched to you)",
    },
]);

phoneTour("aftersales_provider_old_part", "/my/provider/jobs", () => [
    openJob(),
    {
        content: "the old part to send back",
        trigger: ".o_aftersales_job_old_parts:contains(Portal Split AC 3.5kW)",
    },
    {
        content: "the carrier",
        trigger: ".o_aftersales_ship_part input[name=carrier]",
        run: "edit SF Express",
    },
    {
        content: "the tracking number",
        trigger: ".o_aftersales_ship_part input[name=tracking_ref]",
        run: "edit SF1234567890",
    },
    {
        content: "shipped",
        trigger: ".o_aftersales_ship_part button[type=submit]",
        run: "click",
    },
    {
        content: "the shipment is recorded",
        trigger: ".alert-success:contains(the shipment of the old part is recorded)",
    },
    {
        content: "with its tracking number",
        trigger: ".o_aftersales_job_old_parts:contains(SF1234567890):not(:has(.o_aftersales_ship_part))",
    },
]);

phoneTour("aftersales_portal_return", "/my/returns/new", () => [
    {
        content: "the unit delivered",
        trigger: ".o_aftersales_new_return_form select[name=unit]",
        run: "selectByLabel PSN-A-0001",
    },
    {
        content: "return and refund",
        trigger: ".o_aftersales_new_return_form input#kind_refund",
        run: "click",
    },
    {
        content: "the reason",
        trigger: ".o_aftersales_new_return_form select[name=reason_id]",
        run: "selectByLabel Quality defect",
    },
    {
        content: "what is wrong",
        trigger: ".o_aftersales_new_return_form textarea[name=description]",
        run: "edit The indoor unit leaks water from day one",
    },
    {
        content: "a photo of the label",
        trigger: ".o_aftersales_new_return_form input[name=photos]",
        run: attachPng("label.png"),
    },
    {
        content: "send",
        trigger: "button.o_aftersales_submit_return",
        run: "click",
    },
    {
        content: "the request is received",
        trigger: ".alert-success:contains(Your request was received)",
    },
    {
        content: "it awaits the desk's approval",
        trigger: ".o_aftersales_return_detail:contains(Awaiting Approval)",
    },
    {
        content: "with the photo",
        trigger: ".o_aftersales_return_photos img",
    },
]);

// submit the signature form of the dialog once the name is drawn on its canvas (in a web font,
// once it is loaded: a phone is not that quick)
function submitSignature() {
    return {
        content: "submit the signature once the name is drawn on it",
        trigger: ".modal.show .o_portal_sign_submit:enabled",
        async run() {
            const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
            const drawn = () => {
                const canvas = document.querySelector(".modal.show canvas.o_web_sign_signature");
                const button = document.querySelector(".modal.show .o_portal_sign_submit");
                if (!canvas || !button || button.disabled) {
                    return false;
                }
                const blank = document.createElement("canvas");
                blank.width = canvas.width;
                blank.height = canvas.height;
                return canvas.toDataURL() !== blank.toDataURL();
            };
            // The name is drawn once the signature font is loaded (up to 30 s on a busy
            // machine), and the form clears and redraws it when the modal's opening ends:
            // click only on a drawing that held for half a second, and click again when the
            // button did not start sending (a click between the clearing and the redrawing
            // is lost).
            for (let attempt = 0; attempt < 5; attempt++) {
                for (let i = 0, held = 0; i < 300 && held < 5; i++) {
                    held = drawn() ? held + 1 : 0;
                    await sleep(100);
                }
                document.querySelector(".modal.show .o_portal_sign_submit").click();
                for (let i = 0; i < 20; i++) {
                    const button = document.querySelector(".modal.show .o_portal_sign_submit");
                    if (!button || button.classList.contains("o_btn_loading")) {
                        return;
                    }
                    await sleep(100);
                }
            }
        },
    };
}

// the customer confirms the finished repair and signs on her phone
phoneTour("aftersales_customer_signs", "/my/service_requests", () => [
    {
        content: "open the finished job waiting for her signature",
        trigger: "a.o_aftersales_portal_request_card:contains(To Sign)",
        run: "click",
    },
    {
        content: "the work done is shown",
        trigger: ".o_aftersales_portal_request_detail:contains(Fan bearing replaced)",
    },
    {
        content: "sign the service confirmation",
        trigger: "a.o_aftersales_sign",
        run: "click",
    },
    {
        content: "her name is filled in",
        trigger: ".modal .o_web_sign_name_and_signature input:value(Alice Baker)",
    },
    submitSignature(),
    {
        content: "the confirmation is signed",
        trigger: ".o_aftersales_signed:contains(Signed by)",
        // the signature is saved and the page reloaded: slow on a busy machine
        timeout: 30000,
    },
]);

// the technician's day on the job sheet: arrive, tick the checklist, take a part from the
// van, a photo, finish, and the customer signs on the technician's phone
phoneTour("aftersales_jobsheet_day", "/my/jobsheet", () => [
    {
        content: "open today's job",
        trigger: ".o_aftersales_jobsheet_today .o_aftersales_jobsheet_card:contains(Harbour Bakery) a:first",
        run: "click",
    },
    {
        content: "navigate to the customer",
        trigger: ".o_aftersales_jobsheet_job a.o_aftersales_navigate",
    },
    {
        content: "arrived: check in",
        trigger: "button.o_aftersales_check_in",
        run: "click",
    },
    {
        content: "checked in",
        trigger: ".o_aftersales_jobsheet_message:contains(Checked in on site)",
    },
    {
        content: "tick every point of the checklist",
        trigger: ".o_aftersales_jobsheet_checklist input[type=checkbox]",
        run() {
            for (const box of document.querySelectorAll(
                ".o_aftersales_jobsheet_checklist input[type=checkbox]"
            )) {
                box.checked = true;
            }
        },
    },
    {
        content: "save the checklist",
        trigger: "button.o_aftersales_save_checklist",
        run: "click",
    },
    {
        content: "saved",
        trigger: ".o_aftersales_jobsheet_message:contains(Checklist saved)",
    },
    {
        content: "the part taken from the van",
        trigger: ".o_aftersales_add_part select[name=product_id]",
        run: "selectByLabel JS filter drier (5.0)",
    },
    {
        content: "one of them",
        trigger: ".o_aftersales_add_part input[name=quantity]",
        run: "edit 1",
    },
    {
        content: "add it",
        trigger: "button.o_aftersales_add_part_button",
        run: "click",
    },
    {
        content: "the part is on the job",
        trigger: ".o_aftersales_part_line:contains(JS filter drier)",
    },
    {
        content: "a photo of the repaired unit",
        trigger: ".o_aftersales_jobsheet_photos input[name=photos]",
        run: attachPng("repaired.png"),
    },
    {
        content: "add the photo",
        trigger: "button.o_aftersales_add_photos",
        run: "click",
    },
    {
        content: "the photo is on the job",
        trigger: ".o_aftersales_jobsheet_photos img",
    },
    {
        content: "a part is missing: leave the site, saying why",
        trigger: ".o_aftersales_jobsheet_check_out input[name=reason]",
        run: "edit Refrigerant to fetch from the depot",
    },
    {
        content: "check out",
        trigger: "button.o_aftersales_check_out",
        run: "click",
    },
    {
        content: "checked out: the job waits for the next visit",
        trigger: ".o_aftersales_jobsheet_message:contains(Checked out)",
    },
    {
        content: "back with the refrigerant: check in again",
        trigger: "button.o_aftersales_check_in",
        run: "click",
    },
    {
        content: "checked in again",
        trigger: ".o_aftersales_jobsheet_message:contains(Checked in on site)",
    },
    {
        content: "what was done",
        trigger: ".o_aftersales_jobsheet_finish textarea[name=work_done]",
        run: "edit Filter drier replaced, refrigerant refilled",
    },
    {
        content: "finish the job",
        trigger: "button.o_aftersales_finish_job",
        run: "click",
    },
    {
        content: "finished: hand the phone to the customer",
        trigger: "a.o_aftersales_jobsheet_sign_button",
        run: "click",
    },
    {
        content: "the customer's name is filled in",
        trigger: ".modal .o_web_sign_name_and_signature input:value(Alice Baker)",
    },
    {
        content: "the name is drawn as the signature",
        trigger: ".modal .o_web_sign_auto_button.active",
    },
    submitSignature(),
    {
        content: "signed",
        trigger: ".o_aftersales_signed:contains(Signed by)",
        timeout: 30000,
    },
]);
