class App < Rails::Application
end
