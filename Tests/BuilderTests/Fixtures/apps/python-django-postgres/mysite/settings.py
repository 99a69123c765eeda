WSGI_APPLICATION = 'mysite.wsgi.application'
ENGINE = 'django.db.backends.postgresql'
