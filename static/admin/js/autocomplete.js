// Django 5.2's django/contrib/admin/static/admin/js/autocomplete.js (BSD-3-Clause,
// Copyright (c) Django Software Foundation and individual contributors; see
// static/vendor/README.md), changed so that select2 asks by POST with the CSRF token
// instead of GET ?term=…: the term may be a NIK, and a query string lands in the server's
// and any proxy's access log. The portal's admin site answers autocomplete by POST only.
'use strict';
{
    const $ = django.jQuery;

    function csrfToken(element) {
        const form = element.closest('form');
        const input = (form && form.querySelector('input[name=csrfmiddlewaretoken]')) ||
            document.querySelector('input[name=csrfmiddlewaretoken]');
        if (input) {
            return input.value;
        }
        const cookie = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('csrftoken='));
        return cookie ? decodeURIComponent(cookie.slice('csrftoken='.length)) : '';
    }

    $.fn.djangoAdminSelect2 = function() {
        $.each(this, function(i, element) {
            // The widget's data-ajax--type="GET" would override the option below.
            element.setAttribute('data-ajax--type', 'POST');
            $(element).select2({
                ajax: {
                    type: 'POST',
                    headers: {'X-CSRFToken': csrfToken(element)},
                    data: (params) => {
                        return {
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName
                        };
                    }
                }
            });
        });
        return this;
    };

    $(function() {
        // Initialize all autocomplete widgets except the one in the template
        // form used when a new formset is added.
        $('.admin-autocomplete').not('[name*=__prefix__]').djangoAdminSelect2();
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.admin-autocomplete').djangoAdminSelect2();
    });
}
